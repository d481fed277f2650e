// Metrics over a hand-worked ledger: receivables are rebuilt at the period start from invoices and
// payments, and every figure below is computed by hand in the comments.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../../src/db/schema/index.ts';
import { receivablesMetrics } from '../../../src/services/metrics/report.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('receivables metrics', () => {
  it('computes DSO both ways, BPDSO, ADD, CEI, aging and the forecast for a company', async () => {
    const company = await makeCompany(database.db);
    // 1,000.00 issued Aug 1, due Aug 31, paid Sep 10 (10 days late).
    const first = await makeInvoice(database.db, company.id, {
      amountMinor: 100_000n,
      issuedOn: '2026-08-01',
      dueOn: '2026-08-31',
      status: 'paid',
      paidOn: '2026-09-10',
    });
    // 2,000.00 issued Sep 15, due Oct 15; 500.00 paid Oct 20; 1,500.00 still open (42 days past due).
    const second = await makeInvoice(database.db, company.id, {
      amountMinor: 200_000n,
      balanceMinor: 150_000n,
      issuedOn: '2026-09-15',
      dueOn: '2026-10-15',
    });
    // 3,000.00 issued Nov 1, due Dec 1: current.
    await makeInvoice(database.db, company.id, {
      amountMinor: 300_000n,
      issuedOn: '2026-11-01',
      dueOn: '2026-12-01',
    });
    await database.db.insert(payments).values([
      {
        source: 't',
        externalId: 'p1',
        companyId: company.id,
        invoiceId: first.id,
        currency: 'USD',
        amountMinor: 100_000n,
        receivedOn: '2026-09-10',
      },
      {
        source: 't',
        externalId: 'p2',
        companyId: company.id,
        invoiceId: second.id,
        currency: 'USD',
        amountMinor: 50_000n,
        receivedOn: '2026-10-20',
      },
    ]);

    const metrics = await receivablesMetrics({
      ctx: testContext(testDeps(database)),
      input: { companyId: company.id, from: '2026-09-01', to: '2026-11-26' },
    });
    expect(metrics.period).toEqual({ from: '2026-09-01', to: '2026-11-26', days: 87 });
    // Beginning (Aug 31): the first invoice, unpaid until Sep 10. Sales: 2,000 + 3,000.
    expect(metrics.beginningReceivablesMinor).toBe('100000');
    expect(metrics.creditSalesMinor).toBe('500000');
    expect(metrics.endingReceivablesMinor).toBe('450000');
    expect(metrics.endingCurrentReceivablesMinor).toBe('300000');
    expect(metrics.dso).toEqual({
      standard: 78.3, // 4,500 / 5,000 × 87
      bestPossible: 52.2, // 3,000 / 5,000 × 87
      // Nov (26 days) takes 3,000 → 1,500 left; Oct had no sales (31 days); Sep: 1,500/2,000 × 30 = 22.5.
      countback: 79.5,
    });
    expect(metrics.averageDaysDelinquent).toBe(26.1);
    expect(metrics.collectionEffectivenessIndex).toBe(50); // (1,000 + 5,000 − 4,500) / (1,000 + 5,000 − 3,000)
    expect(metrics.badDebtRatio).toBe(0);
    expect(metrics.aging).toEqual({
      current: '300000',
      d1_30: '0',
      d31_60: '150000',
      d61_90: '0',
      d90_plus: '0',
    });
    // Average days late, amount-weighted: (1,000 × 10 + 2,000 × 42) / 3,000 = 31.3 → 31 days.
    // 1,500.00 due Oct 15 + 31 is already past: week 1. 3,000.00 due Dec 1 + 31 = Jan 1, day 36: week 6.
    const expected = metrics.forecast.weeks.filter((week) => week.expectedMinor !== '0');
    expect(expected).toEqual([
      { week: 1, from: '2026-11-26', to: '2026-12-02', expectedMinor: '150000' },
      { week: 6, from: '2026-12-31', to: '2027-01-06', expectedMinor: '300000' },
    ]);
  });
});
