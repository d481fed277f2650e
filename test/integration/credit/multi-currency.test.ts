// A portfolio in many currencies, one of them without a rate: every company is scored with what can be
// converted, the rest is named (FX_RATE_MISSING) and left out, a rate older than the policy allows is
// flagged, and a rate set in the policy overrides the stored ones. Nothing fails for want of a rate.

import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditProfiles, riskFlags } from '../../../src/db/schema/index.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { rescoreAll } from '../../../src/services/credit/recompute.ts';
import { updatePolicy } from '../../../src/services/policy/update.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { storeRates } from '../../support/fx.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

async function profileOf(companyId: string) {
  const [profile] = await database.db
    .select()
    .from(creditProfiles)
    .where(eq(creditProfiles.companyId, companyId));
  if (!profile) throw new Error(`no profile for ${companyId}`);
  return profile;
}

async function activeFlags(companyId: string) {
  const rows = await database.db
    .select({ code: riskFlags.code, facts: riskFlags.facts })
    .from(riskFlags)
    .where(and(eq(riskFlags.companyId, companyId), isNull(riskFlags.clearedAt)));
  return new Map(rows.map((row) => [row.code, row.facts as Record<string, unknown>]));
}

describe('a portfolio in many currencies', () => {
  it('scores every company, leaving out and naming what no rate converts', async () => {
    const deps = testDeps(database);
    const ctx = testContext(deps);
    // Today's EUR and SEK rates from HubSpot, a GBP rate two months old, nothing for AUD or INR.
    await storeRates(database.db, { EUR: '1.08', SEK: '0.095' }, '2026-11-25');
    await storeRates(database.db, { GBP: '1.27' }, '2026-09-20');
    const usd = await makeCompany(database.db);
    await makeInvoice(database.db, usd.id, { amountMinor: 100_000n, dueOn: '2026-12-20' });
    const euro = await makeCompany(database.db, { currency: 'EUR' });
    await makeInvoice(database.db, euro.id, { amountMinor: 50_000n, currency: 'EUR', dueOn: '2026-12-20' });
    const mixed = await makeCompany(database.db);
    await makeInvoice(database.db, mixed.id, { amountMinor: 200_000n, dueOn: '2026-12-20' });
    await makeInvoice(database.db, mixed.id, { amountMinor: 70_000n, currency: 'AUD', dueOn: '2026-12-20' });
    await makeInvoice(database.db, mixed.id, {
      amountMinor: 9_000_000n,
      currency: 'INR',
      dueOn: '2026-12-20',
    });
    const british = await makeCompany(database.db, { currency: 'GBP' });
    await makeInvoice(database.db, british.id, {
      amountMinor: 10_000n,
      currency: 'GBP',
      dueOn: '2026-12-20',
    });

    const stats = await rescoreAll(ctx);
    expect(stats.companies).toBe(4);

    expect((await profileOf(usd.id)).exposureMinor).toBe(100_000n);
    const euroProfile = await profileOf(euro.id);
    expect(euroProfile.exposureMinor).toBe(54_000n); // €500.00 at 1.08, in USD cents
    expect(euroProfile.fxRatesUsed).toEqual({ EUR: { rate: '1.08', on: '2026-11-25', source: 'hubspot' } });

    // The USD part counts; AUD and INR are left out, named in the flag and in the explanation.
    const mixedProfile = await profileOf(mixed.id);
    expect(mixedProfile.exposureMinor).toBe(200_000n);
    expect(mixedProfile.score).not.toBeNull();
    const explanation = mixedProfile.explanation as { leftOut?: unknown };
    expect(explanation.leftOut).toEqual([
      { currency: 'AUD', openMinor: '70000', reason: 'no exchange rate' },
      { currency: 'INR', openMinor: '9000000', reason: 'no exchange rate' },
    ]);
    const mixedFlags = await activeFlags(mixed.id);
    expect(mixedFlags.get('FX_RATE_MISSING')).toMatchObject({ currencies: 'AUD, INR' });
    expect(String(mixedFlags.get('FX_RATE_MISSING')?.leftOut)).toContain('A$700.00');

    // A rate older than the policy's seven days raises FX_RATE_STALE; fresh ones do not.
    expect((await activeFlags(british.id)).get('FX_RATE_STALE')).toMatchObject({
      currencies: 'GBP',
      oldestRateOn: '2026-09-20',
    });
    expect((await activeFlags(euro.id)).has('FX_RATE_STALE')).toBe(false);

    // The policy API says in one line what is missing and how to set it.
    const response = await testApp(deps).request('/api/v1/policy', { headers: adminHeaders() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      fx: { missing: string[]; missingLine: string; rates: unknown[] };
    };
    expect(body.fx.missing).toEqual(['AUD', 'INR']);
    expect(body.fx.missingLine).toMatch(/No exchange rate to USD for AUD, INR.*fxRates/);
    expect(body.fx.rates).toContainEqual({
      currency: 'EUR',
      rate: '1.08',
      on: '2026-11-25',
      source: 'hubspot',
    });
  });

  it('takes a rate set in the policy over the stored one, and clears the flags it answers', async () => {
    const deps = testDeps(database);
    const ctx = testContext(deps);
    const mixed = await makeCompany(database.db);
    await makeInvoice(database.db, mixed.id, { amountMinor: 70_000n, currency: 'AUD', dueOn: '2026-12-20' });
    await rescoreAll(ctx);
    expect((await activeFlags(mixed.id)).has('FX_RATE_MISSING')).toBe(true);

    await updatePolicy({
      ctx,
      input: {
        policy: { ...defaultPolicy, fxRates: { AUD: '0.66', INR: '0.012', EUR: '1.10' } },
        reason: 'Rates the credit team uses for AUD, INR and EUR',
      },
    });
    const profile = await profileOf(mixed.id);
    expect(profile.exposureMinor).toBe(46_200n); // A$700.00 at 0.66
    expect(profile.fxRatesUsed).toEqual({ AUD: { rate: '0.66', on: '2026-11-26', source: 'policy' } });
    expect((await activeFlags(mixed.id)).has('FX_RATE_MISSING')).toBe(false);
  });

  it('accepts an imported invoice in a currency without a rate, and scores its customer without it', async () => {
    const deps = testDeps(database);
    const company = await makeCompany(database.db, { externalId: 'KOALA' });
    const response = await testApp(deps).request('/api/v1/invoices/batch', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({
        source: 'xero',
        rows: [
          {
            externalId: 'AU-1',
            companyExternalId: 'KOALA',
            currency: 'NZD',
            amount: '1500.00',
            issuedOn: '2026-11-01',
            dueOn: '2026-12-01',
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ created: 1 });
    expect((await profileOf(company.id)).exposureMinor).toBe(0n);
    expect((await activeFlags(company.id)).get('FX_RATE_MISSING')).toMatchObject({ currencies: 'NZD' });
  });
});
