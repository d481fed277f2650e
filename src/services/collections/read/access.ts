// Who may read which customers' credit files in Slack. The policy's `slackAccess.read` decides:
// 'workspace' lets every member read everything; 'owner_credit_team_approvers' (the default) lets the
// credit team (the active approvers, the same group that may act on any customer) read everything and
// anyone else only the customers whose HubSpot owner is mapped to them.

import { type SQL, sql } from 'drizzle-orm';
import { companies } from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import type { SlackReadAccess } from '../../../domain/policy/schema.ts';
import type { ServiceContext } from '../../context.ts';
import { isCreditTeam, ownsCompany } from '../permissions.ts';
import { activePolicy } from '../policy.ts';

export type ReadScope =
  | { kind: 'everything' }
  /** Only the customers this Slack user owns; `rule` is the policy setting that limited it. */
  | { kind: 'own_accounts'; slackUserId: string; rule: SlackReadAccess };

const EVERYTHING: ReadScope = { kind: 'everything' };

/** Decided once per request, at the moment of reading. Admin and system actors read everything. */
export async function readScopeOf(db: Queryable, ctx: ServiceContext): Promise<ReadScope> {
  if (ctx.actor.kind !== 'slack') return EVERYTHING;
  const rule = (await activePolicy(db)).slackAccess.read;
  if (rule === 'workspace') return EVERYTHING;
  if (await isCreditTeam(db, ctx.actor.id)) return EVERYTHING;
  return { kind: 'own_accounts', slackUserId: ctx.actor.id, rule };
}

/**
 * A condition on `companies` that is true exactly for the rows the scope may see (never null, so
 * `not(...)` counts what was hidden); undefined when everything is visible.
 */
export function visibleCompanies(scope: ReadScope): SQL | undefined {
  if (scope.kind === 'everything') return undefined;
  return sql`coalesce(${companies.ownerId} in (select id from owners where slack_user_id = ${scope.slackUserId}), false)`;
}

export async function mayReadCompany(db: Queryable, scope: ReadScope, companyId: string): Promise<boolean> {
  if (scope.kind === 'everything') return true;
  return ownsCompany(db, scope.slackUserId, companyId);
}
