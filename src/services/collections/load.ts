// Loads the invoice or company a collections verb acts on, with a clear error when it does not exist.

import { eq } from 'drizzle-orm';
import { companies, invoices } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { NotFoundError } from '../../domain/errors.ts';

export async function loadInvoice(db: Queryable, invoiceId: string) {
  const [row] = await db
    .select({ invoice: invoices, company: companies })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .where(eq(invoices.id, invoiceId));
  if (!row) throw new NotFoundError('That invoice no longer exists.', { invoiceId });
  return row;
}

export async function loadCompany(db: Queryable, companyId: string) {
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw new NotFoundError('That company no longer exists.', { companyId });
  return company;
}

export function invoiceLabel(invoice: { number: string | null; externalId: string }): string {
  return invoice.number ?? invoice.externalId;
}
