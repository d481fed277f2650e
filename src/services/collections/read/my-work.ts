// The lists the bot answers with and the App Home shows: overdue invoices (mine or all), approvals
// waiting for me, grievances I own, and my customers at risk.

import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  approvalRequests,
  approvers,
  companies,
  creditProfiles,
  grievances,
  invoices,
  owners,
} from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { daysBetween } from '../../../lib/dates.ts';

export const LIST_LIMIT = 50;

export interface OverdueInvoice {
  invoiceId: string;
  companyId: string;
  companyName: string;
  number: string;
  balanceMinor: bigint;
  currency: string;
  daysLate: number;
}

/** Open invoices past due; only the account manager's own customers unless `slackUserId` is null. */
export async function overdueInvoices(db: Queryable, slackUserId: string | null, today: string) {
  // The list and its totals select the same invoices.
  const overdue = and(
    eq(invoices.status, 'open'),
    lt(invoices.dueOn, today),
    sql`${invoices.balanceMinor} > 0`,
    slackUserId ? eq(owners.slackUserId, slackUserId) : undefined,
  );
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
  return {
    invoices: list,
    truncated: rows.length > LIST_LIMIT,
    totals: totals.map((row) => ({
      currency: row.currency.trim(),
      totalMinor: BigInt(row.total),
      count: Number(row.count),
    })),
  };
}

/** Pending approvals this person can decide (credit team, within their limit) or asked for. */
export async function approvalsFor(db: Queryable, slackUserId: string) {
  const [approver] = await db
    .select()
    .from(approvers)
    .where(and(eq(approvers.slackUserId, slackUserId), eq(approvers.active, true)));
  const mine = approver
    ? or(
        isNull(approvalRequests.amountBaseMinor),
        sql`${approvalRequests.amountBaseMinor} <= ${approver.limitMinor}`,
      )
    : eq(approvalRequests.requestedBy, slackUserId);
  return db
    .select({ request: approvalRequests, companyName: companies.name })
    .from(approvalRequests)
    .innerJoin(companies, eq(companies.id, approvalRequests.companyId))
    .where(and(eq(approvalRequests.status, 'pending'), mine))
    .orderBy(asc(approvalRequests.createdAt))
    .limit(LIST_LIMIT);
}

export async function grievancesFor(db: Queryable, slackUserId: string) {
  return db
    .select({ grievance: grievances, companyName: companies.name })
    .from(grievances)
    .innerJoin(companies, eq(companies.id, grievances.companyId))
    .where(
      and(
        inArray(grievances.status, ['open', 'investigating']),
        or(eq(grievances.ownerSlackUserId, slackUserId), eq(grievances.openedBy, slackUserId)),
      ),
    )
    .orderBy(desc(grievances.openedAt))
    .limit(LIST_LIMIT);
}

export async function customersAtRisk(db: Queryable, slackUserId: string) {
  return db
    .select({
      companyId: companies.id,
      name: companies.name,
      score: creditProfiles.score,
      riskLevel: creditProfiles.riskLevel,
    })
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .innerJoin(creditProfiles, eq(creditProfiles.companyId, companies.id))
    .where(and(eq(owners.slackUserId, slackUserId), inArray(creditProfiles.riskLevel, ['high', 'critical'])))
    .orderBy(asc(creditProfiles.score))
    .limit(LIST_LIMIT);
}
