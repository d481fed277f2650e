// Owners: listed in full every run (a portal has few), then matched to Slack users by email. A match
// set by hand through the API is never replaced by a lookup.

import { and, eq, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { owners } from '../../db/schema/index.ts';
import type { Crm, CrmOwner, CrmPage } from '../../integrations/crm.ts';
import { SlackMissingScopeError } from '../../integrations/slack/errors.ts';
import { lookupSlackUserByEmail } from '../../integrations/slack/lookup-by-email.ts';
import type { ServiceContext } from '../context.ts';
import { emptyTotals, type ObjectTotals } from './progress.ts';
import { upsertOwners } from './upsert-parties.ts';

/** A miss is looked up again after a day: the person may have joined Slack since. */
const RECHECK_MS = 24 * 60 * 60_000;

export async function syncOwners(ctx: ServiceContext, crm: Crm, clock: () => Date): Promise<ObjectTotals> {
  const totals = emptyTotals('owners');
  for (const archived of [false, true]) {
    let after: string | null = null;
    do {
      const page: CrmPage<CrmOwner> = await crm.listOwners(after, { archived });
      const stored = await upsertOwners(ctx.db, page.records, clock());
      totals.received += page.records.length;
      totals.stored += stored;
      totals.pages += 1;
      after = page.next;
    } while (after);
  }
  return totals;
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
