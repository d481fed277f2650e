// Company reads for the API, the panel and the bot.

import { and, asc, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { companies, contacts, creditProfiles, deals, invoices, riskFlags } from '../schema/index.ts';
import type { Queryable } from '../types.ts';

export interface CompanyListQuery {
  q?: string | undefined;
  limit: number;
  /** The id of the last company on the previous page. */
  after?: string | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function listCompanies(db: Queryable, query: CompanyListQuery) {
  const pattern = query.q ? `%${escapeLike(query.q.trim())}%` : undefined;
  const afterRow = query.after
    ? await db.select({ name: companies.name }).from(companies).where(eq(companies.id, query.after))
    : [];
  const anchor = afterRow[0];
  const rows = await db
    .select({ company: companies, profile: creditProfiles })
    .from(companies)
    .leftJoin(creditProfiles, eq(creditProfiles.companyId, companies.id))
    .where(
      and(
        isNull(companies.archivedAt),
        pattern ? or(ilike(companies.name, pattern), ilike(companies.domain, pattern)) : undefined,
        anchor && query.after
          ? sql`(lower(${companies.name}), ${companies.id}) > (lower(${anchor.name}), ${query.after}::uuid)`
          : undefined,
      ),
    )
    .orderBy(sql`lower(${companies.name})`, asc(companies.id))
    .limit(query.limit);
  return rows;
}

export async function findCompany(db: Queryable, id: string) {
  const [row] = await db
    .select({ company: companies, profile: creditProfiles })
    .from(companies)
    .leftJoin(creditProfiles, eq(creditProfiles.companyId, companies.id))
    .where(eq(companies.id, id));
  return row;
}

export async function companyDetail(db: Queryable, id: string) {
  const row = await findCompany(db, id);
  if (!row) return undefined;
  const [contactRows, dealRows, invoiceRows, flagRows] = await Promise.all([
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.companyId, id), isNull(contacts.archivedAt)))
      .orderBy(asc(contacts.lastName)),
    db
      .select()
      .from(deals)
      .where(and(eq(deals.companyId, id), isNull(deals.archivedAt)))
      .orderBy(desc(deals.createdAt)),
    db.select().from(invoices).where(eq(invoices.companyId, id)).orderBy(desc(invoices.issuedOn)).limit(200),
    db
      .select()
      .from(riskFlags)
      .where(and(eq(riskFlags.companyId, id), isNull(riskFlags.clearedAt))),
  ]);
  return { ...row, contacts: contactRows, deals: dealRows, invoices: invoiceRows, flags: flagRows };
}
