// The set-based reads behind the metrics: receivables at the start and end of a period (rebuilt from
// invoices and payments, so past periods can be measured), credit sales, write-offs, aging, monthly
// sales for the countback, and open invoices with each customer's own average days late.

import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { addDays } from '../../lib/dates.ts';
import { big, num, textOrNull } from '../credit/sql-values.ts';
import { outstandingNow, outstandingOn } from '../invoices/outstanding.ts';

export interface PeriodSums {
  currency: string;
  creditSalesMinor: bigint;
  beginningMinor: bigint;
  endingMinor: bigint;
  endingCurrentMinor: bigint;
  writtenOffMinor: bigint;
  aging: { current: bigint; d1_30: bigint; d31_60: bigint; d61_90: bigint; d90_plus: bigint };
}

const companyFilter = (companyId: string | undefined, column: SQL) =>
  companyId ? sql`${column} = ${companyId}::uuid` : sql`true`;

export async function periodSums(db: Queryable, from: string, to: string, companyId?: string) {
  const begin = sql`${addDays(from, -1)}::date`;
  const end = sql`${to}::date`;
  const rows = await queryRows(
    db,
    sql`select currency,
          coalesce(sum(amount_minor) filter (where issued_on between ${from}::date and ${end}), 0) as sales,
          coalesce(sum(o_begin), 0) as beginning,
          coalesce(sum(o_end), 0) as ending,
          coalesce(sum(o_end) filter (where due_on >= ${end}), 0) as ending_current,
          coalesce(sum(balance_minor) filter (where status = 'written_off'
            and updated_at::date between ${from}::date and ${end}), 0) as written_off,
          coalesce(sum(o_end) filter (where ${end} - due_on between 1 and 30), 0) as d1_30,
          coalesce(sum(o_end) filter (where ${end} - due_on between 31 and 60), 0) as d31_60,
          coalesce(sum(o_end) filter (where ${end} - due_on between 61 and 90), 0) as d61_90,
          coalesce(sum(o_end) filter (where ${end} - due_on > 90), 0) as d90_plus
        from (
          select i.currency, i.amount_minor, i.balance_minor, i.status, i.issued_on, i.due_on, i.updated_at,
            ${outstandingOn(begin)} as o_begin, ${outstandingOn(end)} as o_end
          from invoices i
          where i.status in ('open', 'paid', 'written_off') and i.issued_on <= ${end}
            and (i.status = 'open' or coalesce(i.paid_on, i.updated_at::date) >= ${begin}
              or i.issued_on >= ${from}::date)
            and ${companyFilter(companyId, sql`i.company_id`)}
        ) x
        group by currency`,
  );
  return rows.map(
    (row): PeriodSums => ({
      currency: String(row.currency),
      creditSalesMinor: big(row.sales),
      beginningMinor: big(row.beginning),
      endingMinor: big(row.ending),
      endingCurrentMinor: big(row.ending_current),
      writtenOffMinor: big(row.written_off),
      aging: {
        current: big(row.ending_current),
        d1_30: big(row.d1_30),
        d31_60: big(row.d31_60),
        d61_90: big(row.d61_90),
        d90_plus: big(row.d90_plus),
      },
    }),
  );
}

/** Credit sales per calendar month for the 12 months ending with the month of `to` (latest first). */
export async function monthlySales(db: Queryable, to: string, companyId?: string) {
  const rows = await queryRows(
    db,
    sql`select to_char(date_trunc('month', issued_on), 'YYYY-MM') as month, currency, sum(amount_minor) as sales
        from invoices i
        where status in ('open', 'paid', 'written_off') and issued_on <= ${to}::date
          and issued_on >= date_trunc('month', ${to}::date) - interval '11 months'
          and ${companyFilter(companyId, sql`i.company_id`)}
        group by 1, 2`,
  );
  return rows.map((row) => ({
    month: String(row.month),
    currency: String(row.currency),
    minor: big(row.sales),
  }));
}

/** Open balances by customer, due date and currency, and each customer's amount-weighted days late. */
export async function openForForecast(db: Queryable, asOf: string, companyId?: string) {
  const [open, lateness] = await Promise.all([
    queryRows(
      db,
      sql`select company_id, due_on::text as due_on, currency, sum(balance_minor) as balance
          from invoices i where ${outstandingNow()} and ${companyFilter(companyId, sql`i.company_id`)}
          group by 1, 2, 3`,
    ),
    queryRows(
      db,
      sql`select company_id,
            sum(amount_minor * greatest(0, (case when status = 'paid' and paid_on is not null then paid_on
              else ${asOf}::date end) - due_on))::float8 / nullif(sum(amount_minor), 0)::float8 as avg_days
          from invoices i
          where status in ('open', 'paid', 'written_off') and due_on > ${asOf}::date - 365 and due_on <= ${asOf}::date
            and ${companyFilter(companyId, sql`i.company_id`)}
          group by company_id`,
    ),
  ]);
  return {
    open: open.map((row) => ({
      companyId: String(row.company_id),
      dueOn: textOrNull(row.due_on) ?? asOf,
      currency: String(row.currency),
      balanceMinor: big(row.balance),
    })),
    avgDaysLate: new Map(lateness.map((row) => [String(row.company_id), num(row.avg_days)])),
  };
}
