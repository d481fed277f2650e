// The HubSpot checks: the last webhook from the inbox, and the API-dependent ones through a probe
// (passed in directly here; the adapter provides the real one).

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inbox } from '../../../src/db/schema/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { HUBSPOT_REQUIRED_SCOPES, hubspotChecks } from '../../../src/services/doctor/hubspot-checks.ts';
import type { HubspotDoctorProbe } from '../../../src/services/doctor/hubspot-probe.ts';
import { runDoctor } from '../../../src/services/doctor/run.ts';
import { testConfig } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { fakeProbe, HUBSPOT_SETTINGS } from '../../support/doctor.ts';

const NOW = new Date('2026-11-26T12:00:00Z');
const config = testConfig({ ...HUBSPOT_SETTINGS, PUBLIC_BASE_URL: 'https://credit.example.com' });
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await database.db.delete(inbox);
});

const receivedHoursAgo = (hours: number) =>
  database.db.insert(inbox).values({
    source: 'hubspot',
    key: `k-${hours}`,
    payload: {},
    receivedAt: new Date(NOW.getTime() - hours * 3_600_000),
  });

async function lines(
  probe: HubspotDoctorProbe | undefined,
  options: { config?: typeof config; timeoutMs?: number } = {},
) {
  const checks = await hubspotChecks(
    options.config ?? config,
    database.db,
    NOW,
    probe,
    options.timeoutMs ?? 1_000,
  );
  return checks.map(({ check, status, message, fix }) => ({ check, status, message, fix }));
}

describe('HubSpot doctor checks', () => {
  it('is all ok for a portal that answers as it should, with a webhook an hour ago', async () => {
    await receivedHoursAgo(1);
    const checks = await lines(fakeProbe());
    expect(checks.map((check) => [check.check, check.status])).toEqual([
      ['hubspot.webhooks', 'ok'],
      ['hubspot.token', 'ok'],
      ['hubspot.currency', 'ok'],
      ['hubspot.rate_limit', 'ok'],
      ['hubspot.credit_properties', 'ok'],
    ]);
    expect(checks[0]?.message).toBe('the last HubSpot webhook arrived 60 min ago (2026-11-26T11:00:00.000Z)');
  });

  it('warns when no webhook ever arrived, or none for more than a week, judged by the injected clock', async () => {
    expect((await lines(fakeProbe()))[0]).toMatchObject({
      status: 'warning',
      message: 'no HubSpot webhook has been received yet',
      fix: expect.stringContaining('webhooks-hsmeta.json'),
    });
    await receivedHoursAgo(8 * 24);
    expect((await lines(fakeProbe()))[0]).toMatchObject({
      status: 'warning',
      message: 'the last HubSpot webhook arrived 8 d ago (2026-11-18T12:00:00.000Z)',
    });
  });

  it('stops at a refused token', async () => {
    const probe = fakeProbe({
      accessTokenInfo: async () => ({ valid: false, reason: 'EXPIRED_AUTHENTICATION' }),
    });
    const checks = await lines(probe);
    expect(checks.slice(1)).toEqual([
      {
        check: 'hubspot.token',
        status: 'error',
        message: 'HubSpot refused the access token (EXPIRED_AUTHENTICATION)',
        fix: "copy the access token from the HubSpot app's Auth tab into HUBSPOT_ACCESS_TOKEN",
      },
    ]);
  });

  it('warns, and goes on, when HubSpot cannot say which scopes the token has', async () => {
    const probe = fakeProbe({
      accessTokenInfo: async () => ({ valid: null, reason: 'no client id to ask with' }),
    });
    const checks = await lines(probe);
    expect(checks.find((check) => check.check === 'hubspot.token')).toMatchObject({
      status: 'warning',
      message: 'HubSpot did not say which scopes the access token has (no client id to ask with)',
    });
    expect(checks.map((check) => check.check)).toContain('hubspot.credit_properties');
  });

  it('names each required scope the token lacks', async () => {
    const granted = HUBSPOT_REQUIRED_SCOPES.filter((scope) => scope !== 'crm.objects.invoices.read');
    const checks = await lines(
      fakeProbe({ accessTokenInfo: async () => ({ valid: true, scopes: granted }) }),
    );
    expect(checks.filter((check) => check.status === 'error')).toEqual([
      {
        check: 'hubspot.scope',
        status: 'error',
        message: 'the HubSpot access token lacks "crm.objects.invoices.read"',
        fix: expect.stringContaining('hs project upload'),
      },
    ]);
  });

  it('compares the company currency with the base currency, and takes it as the base when none is set', async () => {
    const unset = await lines(fakeProbe({ companyCurrency: async () => 'EUR' }));
    expect(unset.find((check) => check.check === 'hubspot.currency')).toMatchObject({
      status: 'ok',
      message: "the base currency will be the portal's company currency, EUR",
    });
    const checks = await lines(fakeProbe({ companyCurrency: async () => 'EUR' }), {
      config: testConfig({
        ...HUBSPOT_SETTINGS,
        PUBLIC_BASE_URL: 'https://credit.example.com',
        BASE_CURRENCY: 'USD',
      }),
    });
    expect(checks.find((check) => check.check === 'hubspot.currency')).toMatchObject({
      status: 'warning',
      message: "the portal's company currency is EUR but the base currency is USD",
      fix: expect.stringMatching(/^set baseCurrency to EUR in the credit policy/),
    });
  });

  it('compares the portal rate limit with the configured budget', async () => {
    const starter = fakeProbe({ rateLimit: async () => ({ max: 100, intervalMs: 10_000 }) });
    // Unset, the budget follows the portal.
    expect((await lines(starter)).find((check) => check.check === 'hubspot.rate_limit')).toMatchObject({
      status: 'ok',
      message: "the budget follows the portal's 100 per 10 s",
    });
    const professional = testConfig({ ...HUBSPOT_SETTINGS, HUBSPOT_REQUESTS_PER_10S: '185' });
    expect(
      (await lines(starter, { config: professional })).find((check) => check.check === 'hubspot.rate_limit'),
    ).toMatchObject({
      status: 'error',
      message:
        'HUBSPOT_REQUESTS_PER_10S is 185 but the portal allows 100 per 10 s: calls will be refused with 429',
      fix: 'set HUBSPOT_REQUESTS_PER_10S=95',
    });
    const fitted = testConfig({ ...HUBSPOT_SETTINGS, HUBSPOT_REQUESTS_PER_10S: '95' });
    expect(
      (await lines(starter, { config: fitted })).find((c) => c.check === 'hubspot.rate_limit')?.status,
    ).toBe('ok');
    // A budget the adapter reports (derived from the portal) is the one compared.
    const derived = fakeProbe({ rateLimit: async () => ({ max: 100, intervalMs: 10_000, budget: 95 }) });
    expect((await lines(derived)).find((check) => check.check === 'hubspot.rate_limit')).toMatchObject({
      status: 'ok',
      message: "the budget of 95 per 10 s is within the portal's 100",
    });
    const silent = fakeProbe({ rateLimit: async () => null });
    expect((await lines(silent)).find((check) => check.check === 'hubspot.rate_limit')?.status).toBe(
      'warning',
    );
  });

  it('says where the Credit property group is missing', async () => {
    const checks = await lines(
      fakeProbe({ creditPropertyGroups: async () => ({ companies: true, deals: false }) }),
    );
    expect(checks.find((check) => check.check === 'hubspot.credit_properties')).toEqual({
      check: 'hubspot.credit_properties',
      status: 'error',
      message: 'the Credit property group is missing on deals: credit values cannot be written back',
      fix: 'run `npx creditline hubspot setup`',
    });
  });

  it('turns a probe that hangs into an error line instead of waiting', async () => {
    const hanging = fakeProbe({ companyCurrency: () => new Promise<string>(() => {}) });
    // A hang would hold this test until its timeout; the deadline turns it into a line.
    const checks = await lines(hanging, { timeoutMs: 50 });
    expect(checks.find((check) => check.check === 'hubspot.currency')).toMatchObject({
      status: 'error',
      message: 'HubSpot did not answer: HubSpot (company currency) did not answer within 0.05 s',
    });
    expect(checks.find((check) => check.check === 'hubspot.credit_properties')?.status).toBe('ok');
  });

  it('without a probe, says the API checks did not run', async () => {
    const report = await runDoctor({ config, clock: new ManualClock(NOW), database: { db: database.db } });
    expect(report.checks.find((check) => check.check === 'hubspot.api')).toMatchObject({ status: 'warning' });
  });

  it('has nothing to say while HubSpot is off', async () => {
    expect(await lines(fakeProbe(), { config: testConfig() })).toEqual([]);
  });
});
