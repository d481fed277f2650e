// Who may act on a customer's collections: the account manager who owns the company, or a member of
// the credit team (an active approver). Checked inside each verb's transaction, at the moment of action.

import { and, eq } from 'drizzle-orm';
import { approvers, companies, owners } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import type { ServiceContext } from '../context.ts';

export async function isCreditTeam(db: Queryable, slackUserId: string): Promise<boolean> {
  const rows = await db
    .select({ id: approvers.id })
    .from(approvers)
    .where(and(eq(approvers.slackUserId, slackUserId), eq(approvers.active, true)))
    .limit(1);
  return rows.length > 0;
}

export async function ownsCompany(db: Queryable, slackUserId: string, companyId: string): Promise<boolean> {
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .innerJoin(owners, eq(owners.id, companies.ownerId))
    .where(and(eq(companies.id, companyId), eq(owners.slackUserId, slackUserId)))
    .limit(1);
  return rows.length > 0;
}

/** Admin and system actors pass; a Slack user must own the company or be on the credit team. */
export async function assertMayActOnCompany(
  db: Queryable,
  ctx: ServiceContext,
  company: { id: string; name: string },
): Promise<void> {
  if (ctx.actor.kind !== 'slack') return;
  if (await ownsCompany(db, ctx.actor.id, company.id)) return;
  if (await isCreditTeam(db, ctx.actor.id)) return;
  throw new ForbiddenError(`Only the account manager of ${company.name} or the credit team can do this.`, {
    companyId: company.id,
  });
}
