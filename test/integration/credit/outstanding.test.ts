// One definition of what is outstanding on an invoice: the credit file's exposure, the metrics (ending
// receivables, aging, forecast) and the Slack card's aging count the same invoices the same way —
// including an imported invoice whose stored balance is below its amount, and a HubSpot one whose
// balance came without payment rows.

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { payments } from '../../../src/db/schema/index.ts';
import { companyCard } from '../../../src/services/collections/read/company-card.ts';
import { recomputeCompanies } from '../../../src/services/credit/recompute.ts';
import { outstandingOn } from '../../../src/services/invoices/outstanding.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const TODAY = '2026-11-26'; // the test clock's day

describe('what is outstanding on an invoice', () => {
  it('is the same figure in exposure, the metrics, the forecast and the Slack card', async () => {
    const deps = testDeps(database);
    const company = await makeCompany(database.db);
    // Imported: 1,000.00 billed, 400.00 still open, no payment rows (the bookkeeping system has them).
    await makeInvoice(database.db, company.id, {
      amountMinor: 100_000n,
      balanceMinor: 40_000n,
      issuedOn: '2026-11-01',
      dueOn: '2026-12-01',
      source: 'xero',
    });
    // From HubSpot: hs_balance_due only, ten days overdue.
    await makeInvoice(database.db, company.id, {
      amountMinor: 50_000n,
      balanceMinor: 35_000n,
      issuedOn: '2026-10-17',
      dueOn: '2026-11-16',
      source: 'hubspot',
    });
    // Ours: 300.00 less a payment of 100.00 received on 2026-11-20, forty days overdue.
    const partly = await makeInvoice(database.db, company.id, {
      amountMinor: 30_000n,
      balanceMinor: 20_000n,
      issuedOn: '2026-09-17',
      dueOn: '2026-10-17',
    });
    await database.db.insert(payments).values({
      source: 'test',
      externalId: `pay-${partly.id}`,
      companyId: company.id,
      invoiceId: partly.id,
      currency: 'USD',
      amountMinor: 10_000n,
      receivedOn: '2026-11-20',
    });
    // Paid in full: outstanding nowhere.
    await makeInvoice(database.db, company.id, {
      amountMinor: 70_000n,
      status: 'paid',
      paidOn: '2026-11-10',
      issuedOn: '2026-10-01',
      dueOn: '2026-10-31',
    });
    await recomputeCompanies(database.db, testContext(deps), [company.id]);
    const expected = 40_000n + 35_000n + 20_000n;

    const app = testApp(deps);
    const credit = (await (
      await app.request(`/api/v1/companies/${company.id}/credit`, { headers: adminHeaders() })
    ).json()) as { profile: { exposureMinor: string } };
    expect(BigInt(credit.profile.exposureMinor)).toBe(expected);

    const metrics = (await (
      await app.request(`/api/v1/metrics/companies/${company.id}?to=${TODAY}`, { headers: adminHeaders() })
    ).json()) as {
      endingReceivablesMinor: string;
      aging: Record<string, string>;
      forecast: { weeks: { expectedMinor: string }[]; laterMinor: string };
    };
    expect(BigInt(metrics.endingReceivablesMinor)).toBe(expected);
    expect(Object.values(metrics.aging).reduce((sum, value) => sum + BigInt(value), 0n)).toBe(expected);
    const forecast =
      metrics.forecast.weeks.reduce((sum, week) => sum + BigInt(week.expectedMinor), 0n) +
      BigInt(metrics.forecast.laterMinor);
    expect(forecast).toBe(expected);
    expect(metrics.aging).toMatchObject({ current: '40000', d1_30: '35000', d31_60: '20000' });

    const card = await companyCard(database.db, company.id, TODAY);
    const cardAging = card.aging.reduce(
      (sum, row) => sum + row.current + row.days1to30 + row.days31to60 + row.days61to90 + row.over90,
      0n,
    );
    expect(cardAging).toBe(expected);

    // Earlier days are rebuilt from the payments: before the 100.00 arrived, 300.00 was open on `partly`,
    // and the paid invoice was open before its paid date.
    const [before] = await queryRows<{ open: string }>(
      database.db,
      sql`select sum(${outstandingOn(sql`'2026-11-05'::date`)})::text as open from invoices i
          where i.company_id = ${company.id}::uuid`,
    );
    expect(BigInt(before?.open ?? '0')).toBe(40_000n + 35_000n + 30_000n + 70_000n);
  });
});
