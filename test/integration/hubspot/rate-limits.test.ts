import { sql } from 'drizzle-orm';
import { delay, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { HubspotDailyLimitError, HubspotRequestError } from '../../../src/integrations/hubspot/errors.ts';
import { RateBudget } from '../../../src/integrations/hubspot/rate-budget.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal, failTimes, rateLimited } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 3, contacts: 3, deals: 1, invoices: 1 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterEach(() => {
  portal.faults = [];
});
afterAll(async () => {
  server.close();
  await database.close();
});

const ownersCalls = () => portal.log.filter((entry) => entry.path === '/crm/owners/2026-09');

describe('HubSpot rate limits and failures', () => {
  it('waits out a TEN_SECONDLY_ROLLING 429 for its Retry-After, then continues', async () => {
    const crm = testCrm(hubspotConfig());
    portal.faults = [failTimes('/crm/owners/2026-09', 1, () => rateLimited('TEN_SECONDLY_ROLLING', 1))];
    const started = performance.now();
    const page = await crm.listOwners(null);
    expect(page.records.map((owner) => owner.id)).toEqual(['501']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(crm.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it('stops the run with a clear error on a DAILY 429 and does not retry it', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    const calls = ownersCalls().length;
    portal.faults = [failTimes('/crm/owners/2026-09', 5, () => rateLimited('DAILY', 60))];
    await expect(
      runSync({ ctx: testContext(deps), crm: testCrm(deps.config), input: { mode: 'full' } }),
    ).rejects.toBeInstanceOf(HubspotDailyLimitError);
    expect(ownersCalls().length - calls).toBe(1);
    const run = await queryOne<{ status: string; error: string }>(
      database.db,
      sql`select status, error from sync_runs order by id desc limit 1`,
    );
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatch(/daily API limit/);
  });

  it('never retries other 4xx responses', async () => {
    const crm = testCrm(hubspotConfig());
    const calls = ownersCalls().length;
    portal.faults = [
      failTimes('/crm/owners/2026-09', 5, () =>
        HttpResponse.json({ status: 'error', category: 'VALIDATION_ERROR' }, { status: 400 }),
      ),
    ];
    const error = await crm.listOwners(null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubspotRequestError);
    expect(error).toMatchObject({ httpStatus: 400, category: 'VALIDATION_ERROR', retryable: false });
    expect(ownersCalls().length - calls).toBe(1);
  });

  it('times out a hanging call and retries it', async () => {
    const crm = testCrm(hubspotConfig({ HUBSPOT_TIMEOUT_MS: '200' }));
    let hung = false;
    portal.faults = [
      async (request) => {
        if (hung || !request.url.includes('/crm/owners/2026-09')) return undefined;
        hung = true;
        await delay(1_500);
        return HttpResponse.json({ results: [] });
      },
    ];
    const page = await crm.listOwners(null);
    expect(page.records).toHaveLength(1);
    expect(crm.stats()).toMatchObject({ errors: 1, retries: 1 });
  });

  it('gives up after the configured retries on persistent 5xx', async () => {
    const crm = testCrm(hubspotConfig({ HUBSPOT_MAX_RETRIES: '2' }));
    const unavailable = () => ownersCalls().filter((entry) => entry.status === 503).length;
    portal.faults = [failTimes('/crm/owners/2026-09', 10, () => HttpResponse.json({}, { status: 503 }))];
    await expect(crm.listOwners(null)).rejects.toMatchObject({ httpStatus: 503, retryable: true });
    expect(unavailable()).toBe(3);
    expect(crm.stats().requests).toBe(3);
  });

  it('keeps search to its per-second budget', async () => {
    const crm = testCrm(hubspotConfig(), { perTenSeconds: 1_000, searchPerSecond: 2 });
    const started = performance.now();
    await Promise.all([crm.count('companies'), crm.count('deals'), crm.count('contacts')]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('pauses every caller when the headers say the window is spent', async () => {
    const budget = new RateBudget({ perTenSeconds: 100, searchPerSecond: 5 });
    budget.observe(
      new Headers({
        'x-hubspot-ratelimit-remaining': '0',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
      }),
    );
    const started = performance.now();
    await budget.acquire('standard');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    budget.observe(new Headers({ 'x-hubspot-ratelimit-daily-remaining': '0' }));
    await expect(budget.acquire('standard')).rejects.toBeInstanceOf(HubspotDailyLimitError);
  });
});
