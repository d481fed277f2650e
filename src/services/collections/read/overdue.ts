// Overdue invoices for the chat's `overdue` / `overdue all` and the App Home: of the reader's own
// customers or of everyone, only those the reader's scope may read; the rest are counted, not shown.

import { and, asc, countDistinct, eq, lt, not, sql } from 'drizzle-orm';
import { companies, invoices, owners } from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { daysBetween } from '../../../lib/dates.ts';
import { type ReadScope, visibleCompanies } from './access.ts';
import { countHidden, LIST_LIMIT } from './my-work.ts';

export interface OverdueInvoice {
  invoiceId: string;
  companyId: string;
  companyName: string;
  number: string;
  balanceMinor: bigint;
  currency: string;
  daysLate: number;
}

/**
 * Open invoices past due, of the reader's own customers (`mine`) or of every customer, either way only
 * those the scope may read; `hiddenCustomers` counts the customers left out.
 */
export async function overdueInvoices(
  db: Queryable,
  reader: { slackUserId: string; scope: ReadScope },
  which: 'mine' | 'all',
  today: string,
) {
  const base = and(
    eq(invoices.status, 'open'),
    lt(invoices.dueOn, today),
    sql`${invoices.balanceMinor} > 0`,
    which === 'mine' ? eq(owners.slackUserId, reader.slackUserId) : undefined,
  );
  const visible = visibleCompanies(reader.scope);
  // The list and its totals select the same invoices.
  const overdue = and(base, visible);
  const rows = await db
    .select({ invoice: invoices, companyName: companies.name })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .leftJoin(owners, eq(owners.id, companies.ownerId))
    .where(overdue)
    .orderBy(asc(invoices.dueOn))
    .limit(LIST_LIMIT + 1);
  const list: OverdueInvoice[] = rows.slice(0, LIST_LIMIT).map(({ invoice, companyName }) => ({
    invoiceId: invoice.id,
    companyId: invoice.companyId,
    companyName,
    number: invoice.number ?? invoice.externalId,
    balanceMinor: invoice.balanceMinor,
    currency: invoice.currency.trim(),
    daysLate: daysBetween(invoice.dueOn, today),
  }));
  const totals = await db
    .select({
      currency: invoices.currency,
      total: sql<string>`sum(${invoices.balanceMinor})::text`,
      count: sql<string>`count(*)::text`,
    })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .leftJoin(owners, eq(owners.id, companies.ownerId))
    .where(overdue)
    .groupBy(invoices.currency);
  const hiddenCustomers = visible
    ? await countHidden(
        db
          .select({ n: countDistinct(invoices.companyId) })
          .from(invoices)
          .innerJoin(companies, eq(companies.id, invoices.companyId))
          .leftJoin(owners, eq(owners.id, companies.ownerId))
          .where(and(base, not(visible))),
      )
    : 0;
  return {
    invoices: list,
    truncated: rows.length > LIST_LIMIT,
    totals: totals.map((row) => ({
      currency: row.currency.trim(),
      totalMinor: BigInt(row.total),
      count: Number(row.count),
    })),
    hiddenCustomers,
  };
}
