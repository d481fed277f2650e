// Fills the benchmark database in SQL (INSERT … SELECT generate_series), so 1.1 million rows take
// seconds, not minutes. Deterministic: the same sizes give the same data.

import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/types.ts';

export interface Sizes {
  companies: number;
  invoicesPerCompany: number;
  /** Share of invoices that are paid (each paid invoice has one payment), in percent. */
  paidPercent: number;
  dealsPerCompany: number;
}

export async function generate(db: Db, sizes: Sizes, today: string, log: (line: string) => void) {
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const started = performance.now();
    await db.execute(query);
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await step(
    'companies',
    sql`insert into companies (name, currency, segment, customer_since, is_public, is_manufacturer, external_id)
        select 'Company ' || g, case when g % 10 = 0 then 'EUR' else 'USD' end,
          (array['smb', 'mid_market', 'enterprise'])[1 + g % 3],
          ${today}::date - (30 + g % 2000), g % 7 = 0, g % 3 = 0, 'bench-' || g
        from generate_series(1, ${sizes.companies}) g`,
  );
  // Invoice k of company n: issued k months back; most paid around the due date (some late, some
  // early); the rest open, a share of them overdue.
  await step(
    'invoices',
    sql`insert into invoices (source, external_id, company_id, currency, amount_minor, balance_minor, issued_on,
          due_on, terms_days, status, paid_on, updated_at)
        select 'bench', c.n || '-' || k, c.id, c.currency, amount, case when paid then 0 else amount end,
          issued, issued + 30, 30, case when paid then 'paid' else 'open' end,
          case when paid then least(${today}::date, issued + 30 + ((c.n * 7 + k * 13) % 45) - 10) end,
          ${today}::date
        from (select id, currency, (row_number() over (order by external_id))::int as n from companies) c,
          generate_series(1, ${sizes.invoicesPerCompany}) k,
          lateral (select (100000 + (c.n * 7919 + k * 104729) % 4900000)::bigint as amount,
                          ${today}::date - (k * 30 - 25 + (c.n % 20))::int as issued,
                          ((c.n * 31 + k * 17) % 100) < ${sizes.paidPercent} and k > 1 or k > 6 as paid) x`,
  );
  await step(
    'payments',
    sql`insert into payments (source, external_id, company_id, invoice_id, currency, amount_minor, received_on)
        select 'bench', i.external_id, i.company_id, i.id, i.currency, i.amount_minor, i.paid_on
        from invoices i where i.status = 'paid'`,
  );
  await step(
    'deals',
    sql`insert into deals (name, company_id, amount_minor, currency, pipeline, stage)
        select 'Deal ' || c.n || '-' || k, c.id, (500000 + (c.n * 131 + k) % 3000000)::bigint, c.currency,
          'default', (array['appointmentscheduled', 'contractsent', 'closedwon'])[1 + (c.n + k) % 3]
        from (select id, currency, (row_number() over (order by external_id))::int as n from companies) c,
          generate_series(1, ${sizes.dealsPerCompany}) k`,
  );
  await step('approved limits', approvedLimits(today));
  await settle(db, log);
}

/** Most customers of a real portfolio have an approved limit; a tenth still run on the policy default. */
const approvedLimits = (today: string) =>
  sql`insert into credit_profiles (company_id, limit_minor, currency, limit_source, terms_days, next_review_on)
      select id, (2000000 + (hashtext(id::text) & 1023) * 50000)::bigint, currency, 'approved', 30,
        ${today}::date + (hashtext(id::text) & 255)
      from companies where hashtext(external_id) % 10 <> 0`;

/**
 * A nightly rescore meets tables autovacuum has long since visited (visibility map and hint bits set);
 * timing it straight after a bulk load, or after the previous run's writes, would measure their
 * aftermath instead.
 */
async function settle(db: Db, log: (line: string) => void) {
  const started = performance.now();
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`);
  log(`  vacuum and checkpoint: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Back to the state before any rescore: no profiles but the approved limits, no flags, no audit rows. */
export async function resetScores(db: Db, today: string, log: (line: string) => void) {
  await db.execute(sql`truncate credit_profiles, risk_flags, audit_log, outbox, credit_portfolio`);
  await db.execute(approvedLimits(today));
  await settle(db, log);
}
