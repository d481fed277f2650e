// Owners: listed in full every run (a portal has few), each page stored in one transaction with its
// rejections, then matched to Slack users by email. A match set by hand through the API is never
// replaced by a lookup.

import { and, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { owners } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import {
  type Crm,
  type CrmOwner,
  type CrmPage,
  type CrmRejected,
  isRejected,
} from '../../integrations/crm.ts';
import { SlackMissingScopeError } from '../../integrations/slack/errors.ts';
import { lookupSlackUserByEmail } from '../../integrations/slack/lookup-by-email.ts';
import type { ServiceContext } from '../context.ts';
import { upsertIsolated, withRecordIsolation } from './isolate.ts';
import { addCounts, emptyTotals, type ObjectTotals } from './progress.ts';
import { fromProblem, fromRefused, type Rejection, recordRejections } from './rejections.ts';
import type { PageCounts } from './store-page.ts';
import { upsertOwners } from './upsert-parties.ts';

/** A miss is looked up again after a day: the person may have joined Slack since. */
const RECHECK_MS = 24 * 60 * 60_000;

export async function syncOwners(
  ctx: ServiceContext,
  crm: Crm,
  clock: () => Date,
  runId?: bigint,
): Promise<ObjectTotals> {
  const totals = emptyTotals('owners');
  for (const archived of [false, true]) {
    let after: string | null = null;
    do {
      const page: CrmPage<CrmOwner | CrmRejected> = await crm.listOwners(after, { archived });
      const counts = await withRecordIsolation((careful) =>
        ctx.db.transaction((tx) => storeOwners(tx, ctx, page.records, clock(), runId, careful)),
      );
      addCounts(totals, counts);
      after = page.next;
    } while (after);
  }
  return totals;
}

/** One page of owners: the last copy of a repeated owner wins; unreadable ones are set aside. */
async function storeOwners(
  tx: Queryable,
  ctx: ServiceContext,
  results: readonly (CrmOwner | CrmRejected)[],
  now: Date,
  runId: bigint | undefined,
  careful: boolean,
): Promise<PageCounts> {
  const named = results.filter((owner) => owner.id !== '');
  const copies = [
    ...new Map(named.map((owner) => [owner.id, owner])).values(),
    ...results.filter((owner) => owner.id === ''),
  ];
  const owners = copies.filter((owner): owner is CrmOwner => !isRejected(owner));
  const { result: stored, refused } = await upsertIsolated(
    tx,
    careful,
    owners,
    (db, part) => upsertOwners(db, part, now),
    (a, b) => a + b,
    0,
  );
  const rejections: Rejection[] = [
    ...copies.filter(isRejected).map(fromProblem),
    ...refused.map(({ record, reason }) => fromRefused(record, reason, null)),
  ];
  await recordRejections(tx, ctx.logger, 'owners', rejections, now, runId ?? null);
  return {
    received: results.length,
    stored,
    skipped: results.length - stored - rejections.length,
    rejected: rejections.length,
  };
}

/** What the owner lookup did in one run. */
export interface SlackOwnerMatching {
  matched: number;
  /** Lookups Slack answered (a match or users_not_found). */
  checked: number;
  /** Lookups that failed; those owners are looked up again on the next run. */
  failed: number;
  /** Set when Slack refused for a scope the token lacks: lookups stopped at the first refusal. */
  missingScope?: { needed: string; fix: string };
}

export async function mapOwnersToSlack(ctx: ServiceContext, limit = 200): Promise<SlackOwnerMatching> {
  const token = ctx.config.SLACK_BOT_TOKEN;
  if (!token) return { matched: 0, checked: 0, failed: 0 };
  const due = await ctx.db
    .select({ id: owners.id, email: owners.email })
    .from(owners)
    .where(
      and(
        isNotNull(owners.email),
        isNull(owners.slackUserId),
        eq(owners.archived, false),
        or(isNull(owners.slackMappingSource), ne(owners.slackMappingSource, 'manual')),
        or(
          isNull(owners.slackCheckedAt),
          lt(owners.slackCheckedAt, new Date(ctx.now.getTime() - RECHECK_MS)),
        ),
      ),
    )
    .limit(limit);
  const result: SlackOwnerMatching = { matched: 0, checked: 0, failed: 0 };
  for (const owner of due) {
    if (!owner.email) continue;
    let match: Awaited<ReturnType<typeof lookupSlackUserByEmail>>;
    try {
      match = await lookupSlackUserByEmail({ apiUrl: ctx.config.SLACK_API_URL, token }, owner.email);
    } catch (error) {
      result.failed++;
      if (error instanceof SlackMissingScopeError) {
        // Every other lookup would be refused the same way: stop, and say once what to fix.
        result.missingScope = { needed: error.needed, fix: error.fix };
        ctx.logger.error(
          { needed: error.needed, provided: error.provided },
          `Slack owner lookup stopped: the bot token lacks "${error.needed}"; ${error.fix}`,
        );
        break;
      }
      // Slack being down must not fail the HubSpot sync: leave the owner unchecked for the next run.
      ctx.logger.warn({ ownerId: owner.id, err: error }, 'Slack lookup failed; will retry on the next sync');
      continue;
    }
    result.checked++;
    await ctx.db
      .update(owners)
      .set({
        slackCheckedAt: ctx.now,
        updatedAt: ctx.now,
        ...(match
          ? {
              slackUserId: match.id,
              slackMappingSource: 'email' as const,
              timeZone: sql`coalesce(${match.timeZone}, ${owners.timeZone})`,
            }
          : {}),
      })
      // The manual check again here: an override made while we were looking up wins.
      .where(
        and(
          eq(owners.id, owner.id),
          or(isNull(owners.slackMappingSource), ne(owners.slackMappingSource, 'manual')),
        ),
      );
    if (match) result.matched++;
  }
  return result;
}
