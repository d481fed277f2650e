import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { creditProfiles, invoices } from '../../../src/db/schema/index.ts';
import { recomputeCompanies, rescoreAll } from '../../../src/services/credit/recompute.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('the full rescore, page by page', () => {
  it('decides exactly what one page holding every company decides, page size notwithstanding', async () => {
    const ctx = testContext(testDeps(database));
    await seedDemo({ ctx });
    // Settle everything in one page, then small pages worked three at a time must find nothing to change.
    await rescoreAll(ctx, { pageSize: 1_000 });
    const paged = await rescoreAll(ctx, { pageSize: 7, concurrency: 3 });
    expect(paged).toEqual({ companies: 50, changed: 0, raised: 0, cleared: 0 });
  });

  it('writes every profile of companies it has never scored', async () => {
    const ctx = testContext(testDeps(database));
    await database.db.execute('delete from credit_profiles');
    const paged = await rescoreAll(ctx, { pageSize: 7 });
    expect(paged.companies).toBe(50);
    expect(paged.changed).toBe(50);
    // And one page over everything agrees with what the small pages wrote.
    expect(await rescoreAll(ctx, { pageSize: 1_000 })).toEqual({
      companies: 50,
      changed: 0,
      raised: 0,
      cleared: 0,
    });
  });
  it('totals the portfolio as the sum of every company’s share, across currencies and archived companies', async () => {
    const ctx = testContext(testDeps(database));
    const euro = await makeCompany(database.db, { currency: 'EUR' });
    await makeInvoice(database.db, euro.id, { amountMinor: 123_457n, currency: 'EUR', dueOn: '2026-12-20' });
    await makeInvoice(database.db, euro.id, { amountMinor: 99_999n, currency: 'GBP', dueOn: '2026-12-21' });
    const gone = await makeCompany(database.db, { archivedAt: new Date('2026-11-01T00:00:00Z') });
    await makeInvoice(database.db, gone.id, { amountMinor: 7_000_000n, dueOn: '2026-12-20' });
    await rescoreAll(ctx, { pageSize: 7 });
    const [row] = await queryRows<{ portfolio: string; shares: string }>(
      database.db,
      sql`select (select receivables_base_minor::text from credit_portfolio) as portfolio,
        (select sum(p.receivables_base_minor)::text from credit_profiles p join companies c on c.id = p.company_id
          where c.archived_at is null and c.merged_into_id is null) as shares`,
    );
    expect(row?.portfolio).toBe(row?.shares);
    // The euro customer's share converts each currency on its own: 1,234.57 EUR at 1.08 and 999.99 GBP
    // at 1.27, in cents of USD, rounded half-even per conversion.
    const [share] = await database.db
      .select({ minor: creditProfiles.receivablesBaseMinor })
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, euro.id));
    expect(share?.minor).toBe(133_334n + 126_999n);
  });

  it('waits for a payment being recomputed meanwhile, and keeps what that recompute wrote', async () => {
    const ctx = testContext(testDeps(database));
    // The highest id: its page comes last, after the payment below has begun.
    const company = await makeCompany(database.db, { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
    const invoice = await makeInvoice(database.db, company.id, {
      amountMinor: 500_000n,
      dueOn: '2026-12-20',
    });
    await rescoreAll(ctx);
    let locked!: () => void;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let payment: Promise<void> | undefined;
    // The next night (the account a day older, so every profile is rewritten), about ten companies a
    // page; after the first page, the invoice is paid and its company recomputed in a transaction held
    // open.
    const rescore = rescoreAll(
      { ...ctx, now: new Date(ctx.now.getTime() + 86_400_000) },
      {
        pageSize: 10,
        concurrency: 1,
        onProgress: async () => {
          if (payment) return;
          payment = database.db.transaction(async (tx) => {
            await tx
              .update(invoices)
              .set({ balanceMinor: 0n, status: 'paid', paidOn: '2026-11-26' })
              .where(eq(invoices.id, invoice.id));
            await recomputeCompanies(tx, ctx, [company.id]);
            locked();
            await gate;
          });
          await holding;
        },
      },
    );
    await holding;
    await waitForLockWait();
    release();
    await rescore;
    await payment;
    const [profile] = await database.db
      .select()
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, company.id));
    // Without the page's lock, the last page read the invoice as still open and wrote that back.
    expect(profile?.exposureMinor).toBe(0n);
  });
});

/**
 * On a server, waits until some statement is blocked on a lock (the rescore waiting for the payment's
 * transaction). PGlite runs one transaction at a time, so there the rescore simply runs after it.
 */
async function waitForLockWait() {
  if (!database.url) return;
  for (let attempt = 0; attempt < 100; attempt++) {
    const rows = await queryRows(
      database.db,
      sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the rescore never waited for the payment');
}
