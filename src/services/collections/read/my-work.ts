// The lists the bot answers with and the App Home shows: approvals waiting for me, grievances I own,
// and my customers at risk (overdue invoices are in overdue.ts). Each takes the reader's scope: rows of
// customers they may not read are left out and counted, never shown.

import { and, asc, count, desc, eq, inArray, isNull, not, or, sql } from 'drizzle-orm';
import {
  approvalRequests,
  approvers,
  companies,
  creditProfiles,
  grievances,
  owners,
} from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { type ReadScope, visibleCompanies } from './access.ts';

export const LIST_LIMIT = 50;

/** The count of a `select({ n: count() })` query: what a reader's scope left out of a list. */
export async function countHidden(query: PromiseLike<{ n: number }[]>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

/** Pending approvals this person can decide (credit team, within their limit) or asked for. */
export async function approvalsFor(db: Queryable, reader: { slackUserId: string; scope: ReadScope }) {
  const [approver] = await db
    .select()
    .from(approvers)
    .where(and(eq(approvers.slackUserId, reader.slackUserId), eq(approvers.active, true)));
  const mine = approver
    ? or(
        isNull(approvalRequests.amountBaseMinor),
        sql`${approvalRequests.amountBaseMinor} <= ${approver.limitMinor}`,
      )
    : eq(approvalRequests.requestedBy, reader.slackUserId);
  const base = and(eq(approvalRequests.status, 'pending'), mine);
  const visible = visibleCompanies(reader.scope);
  const rows = await db
    .select({ request: approvalRequests, companyName: companies.name })
    .from(approvalRequests)
    .innerJoin(companies, eq(companies.id, approvalRequests.companyId))
    .where(and(base, visible))
    .orderBy(asc(approvalRequests.createdAt))
    .limit(LIST_LIMIT);
  const hidden = visible
    ? await countHidden(
        db
          .select({ n: count() })
          .from(approvalRequests)
          .innerJoin(companies, eq(companies.id, approvalRequests.companyId))
          .where(and(base, not(visible))),
      )
    : 0;
  return { rows, hidden };
}

/** Open grievances this person owns or opened. */
export async function grievancesFor(db: Queryable, reader: { slackUserId: string; scope: ReadScope }) {
  const base = and(
    inArray(grievances.status, ['open', 'investigating']),
    or(eq(grievances.ownerSlackUserId, reader.slackUserId), eq(grievances.openedBy, reader.slackUserId)),
  );
  const visible = visibleCompanies(reader.scope);
  const rows = await db
    .select({ grievance: grievances, companyName: companies.name })
    .from(grievances)
    .innerJoin(companies, eq(companies.id, grievances.companyId))
    .where(and(base, visible))
    .orderBy(desc(grievances.openedAt))
    .limit(LIST_LIMIT);
  const hidden = visible
    ? await countHidden(
        db
          .select({ n: count() })
          .from(grievances)
          .innerJoin(companies, eq(companies.id, grievances.companyId))
          .where(and(base, not(visible))),
      )
    : 0;
  return { rows, hidden };
}

/** The reader's own customers at high or critical risk: always theirs to read, so nothing is hidden. */
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
