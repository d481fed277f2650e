// A portal like real ones: customers in nine countries, invoices in nine currencies, and HubSpot's
// currency settings knowing only some of them. `creditline sync --full` exits 0, every company gets a
// profile, the currencies without a rate are named (in the profiles' flags and in one summary line),
// and the portal's rates are stored dated, with their source.

import { eq, sql } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../../../src/cli/commands/sync.ts';
import { queryRows } from '../../../src/db/rows.ts';
import { portalCurrency } from '../../../src/db/schema/index.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testCliEnv } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig } from '../../support/hubspot.ts';

const COUNTRIES = [
  ['US', 'USD'],
  ['GB', 'GBP'],
  ['DE', 'EUR'],
  ['SE', 'SEK'],
  ['CA', 'CAD'],
  ['AU', 'AUD'],
  ['JP', 'JPY'],
  ['IN', 'INR'],
  ['CH', 'CHF'],
] as const;

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
let database: TestDatabase;

beforeAll(async () => {
  // The portal's company currency is USD; it has rates for five of the eight others (not AUD, INR, CHF).
  portal.companyCurrency = 'USD';
  portal.exchangeRates = [
    ['GBP', 1.27],
    ['EUR', 1.08],
    ['SEK', 0.095],
    ['CAD', 0.73],
    ['JPY', 0.0067],
  ].map(([code, rate], i) => ({
    id: String(900 + i),
    fromCurrencyCode: code,
    toCurrencyCode: 'USD',
    conversionRate: rate,
    effectiveAt: '2026-11-25T00:00:00.000Z',
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    visibleInUI: true,
  }));
  COUNTRIES.forEach(([country, currency], i) => {
    const company = bigId(1, i);
    portal.put(
      'companies',
      company,
      { name: `Customer ${country}`, domain: null, country, hubspot_owner_id: null },
      '2026-11-20T10:00:00Z',
    );
    portal.put(
      'invoices',
      bigId(4, i),
      {
        hs_number: `INV-${country}`,
        hs_currency: currency,
        hs_amount_billed: currency === 'JPY' ? '120000' : '1000.00',
        hs_balance_due: currency === 'JPY' ? '120000' : '1000.00',
        hs_invoice_date: '2026-11-01',
        hs_due_date: '2026-12-01',
        hs_invoice_status: 'open',
        hs_payment_date: null,
      },
      '2026-11-20T10:00:00Z',
      { companies: [company] },
    );
  });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database?.close();
});

describe('a portal in nine currencies', () => {
  it('syncs and scores every company, naming the currencies HubSpot has no rate for', async () => {
    const lines: string[] = [];
    const env = testCliEnv(database, hubspotConfig(), lines);
    expect(await syncCommand.run(['--full'], env)).toBe(0);

    const profiles = await queryRows<{ country: string; exposure: string; flags: string | null }>(
      database.db,
      sql`select c.country, p.exposure_minor::text as exposure,
            (select string_agg(f.code, ',' order by f.code) from risk_flags f
              where f.company_id = c.id and f.cleared_at is null and f.code like 'FX_%') as flags
          from companies c join credit_profiles p on p.company_id = c.id order by c.country`,
    );
    expect(profiles).toHaveLength(COUNTRIES.length);
    const byCountry = new Map(profiles.map((row) => [row.country, row]));
    // Each limit is the USD policy default: converted where a rate exists, left out where none does.
    expect(byCountry.get('US')?.exposure).toBe('100000');
    expect(byCountry.get('DE')?.exposure).toBe('108000');
    expect(byCountry.get('JP')?.exposure).toBe('80400'); // ¥120,000 at 0.0067
    for (const country of ['AU', 'IN', 'CH']) {
      expect(byCountry.get(country)).toMatchObject({ exposure: '0', flags: 'FX_RATE_MISSING' });
    }
    expect(byCountry.get('GB')?.flags).toBeNull();

    // The rates are stored as HubSpot gave them, dated and sourced; the base is the portal's currency.
    const rates = await queryRows<{ currency: string; rate: string; valid_from: string; source: string }>(
      database.db,
      sql`select currency, rate::text as rate, valid_from::text as valid_from, source from fx_rates order by currency`,
    );
    expect(rates.map((row) => [row.currency.trim(), Number(row.rate), row.valid_from, row.source])).toEqual([
      ['CAD', 0.73, '2026-11-25', 'hubspot'],
      ['EUR', 1.08, '2026-11-25', 'hubspot'],
      ['GBP', 1.27, '2026-11-25', 'hubspot'],
      ['JPY', 0.0067, '2026-11-25', 'hubspot'],
      ['SEK', 0.095, '2026-11-25', 'hubspot'],
    ]);
    const [portalRow] = await database.db.select().from(portalCurrency).where(eq(portalCurrency.id, 1));
    expect(portalRow?.companyCurrency).toBe('USD');

    // One line says what is missing and how to set it.
    expect(lines.some((line) => /^No exchange rate to USD for AUD, CHF, INR: .*fxRates/.test(line))).toBe(
      true,
    );
  });

  it('takes the portal’s company currency as the base when BASE_CURRENCY is unset, in a new audited version', async () => {
    portal.companyCurrency = 'EUR';
    portal.exchangeRates = [
      {
        id: '990',
        fromCurrencyCode: 'USD',
        toCurrencyCode: 'EUR',
        conversionRate: 0.925,
        effectiveAt: '2026-11-26T00:00:00.000Z',
        createdAt: '2026-11-26T00:00:00.000Z',
        updatedAt: '2026-11-26T00:00:00.000Z',
        visibleInUI: true,
      },
    ];
    const env = testCliEnv(database, hubspotConfig(), []);
    expect(await syncCommand.run(['--objects', 'companies'], env)).toBe(0);
    const [policy] = await queryRows<{ version: number; base: string; created_by: string }>(
      database.db,
      sql`select version, body->>'baseCurrency' as base, created_by from credit_policies order by version desc limit 1`,
    );
    expect(policy).toMatchObject({ base: 'EUR', created_by: 'system:portal-currency' });
    const audits = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where entity_type = 'credit_policy' and entity_id = ${String(policy?.version)}`,
    );
    expect(audits.map((row) => row.action)).toEqual(['policy.update']);
    const [usd] = await queryRows<{ rate: string }>(
      database.db,
      sql`select rate::text as rate from fx_rates where currency = 'USD' and base_currency = 'EUR'`,
    );
    expect(Number(usd?.rate)).toBe(0.925);
  });

  it('syncs deals without a currency code even when HubSpot will not say its company currency', async () => {
    portal.put(
      'deals',
      bigId(3, 1),
      {
        dealname: 'No currency',
        amount: '2500.50',
        deal_currency_code: null,
        pipeline: 'default',
        dealstage: 'qualifiedtobuy',
        closedate: null,
        hs_is_closed: 'false',
        hs_is_closed_won: 'false',
        hubspot_owner_id: null,
      },
      // After the earlier runs' watermark: the incremental search finds it.
      '2026-11-26T13:00:00Z',
      { companies: [bigId(1, 0)] },
    );
    // The currency settings answer 503 throughout; the rates are reported unread, the deal still lands.
    portal.faults = [
      (request) =>
        new URL(request.url).pathname.includes('/settings/currencies/')
          ? HttpResponse.json(
              { status: 'error', category: 'INTERNAL_ERROR', message: 'down' },
              { status: 503 },
            )
          : undefined,
    ];
    const lines: string[] = [];
    try {
      expect(
        await syncCommand.run(['--objects', 'deals'], testCliEnv(database, hubspotConfig(), lines)),
      ).toBe(0);
    } finally {
      portal.faults = [];
    }
    const [deal] = await queryRows<{ amount_minor: string; currency: string }>(
      database.db,
      sql`select amount_minor::text, currency from deals where hubspot_id = ${bigId(3, 1)}`,
    );
    expect(deal).toEqual({ amount_minor: '250050', currency: 'USD' });
    expect(lines.some((line) => line.startsWith('HubSpot exchange rates not read:'))).toBe(true);
  });
});
