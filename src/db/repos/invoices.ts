// Invoice reads with the filters the API and the bot need.

import { and, asc, eq, gt, lt, type SQL } from 'drizzle-orm';
import { type InvoiceStatus, invoices } from '../schema/index.ts';
import type { Queryable } from '../types.ts';

export interface InvoiceListQuery {
  companyId?: string | undefined;
  status?: InvoiceStatus | undefined;
  /** Only open invoices whose due date is before this date (YYYY-MM-DD). */
  overdueOn?: string | undefined;
  limit: number;
  after?: string | undefined;
}

export async function listInvoices(db: Queryable, query: InvoiceListQuery) {
  const conditions: (SQL | undefined)[] = [
    query.companyId ? eq(invoices.companyId, query.companyId) : undefined,
    query.status ? eq(invoices.status, query.status) : undefined,
    query.overdueOn ? and(eq(invoices.status, 'open'), lt(invoices.dueOn, query.overdueOn)) : undefined,
    query.after ? gt(invoices.id, query.after) : undefined,
  ];
  return db
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(asc(invoices.id))
    .limit(query.limit);
}
