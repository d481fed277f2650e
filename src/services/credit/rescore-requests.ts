// Owed full rescores. A full HubSpot listing stores pages without recomputing credit (one set-based
// rescore afterwards is far cheaper than one per page) and records here, in the transaction of its last
// page, that the portfolio must be rescored. The request outlives the process that wrote it; a runner
// claims it with a lease, rescores, and removes it unless a newer request arrived meanwhile.

import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { creditRescoreRequests, syncRuns } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';
import { type RecomputeStats, type RescoreOptions, rescoreAll, satisfyRescoreRequest } from './recompute.ts';

/** Long enough for a large portfolio's rescore; a runner that died frees the request after it. */
const CLAIM_MS = 30 * 60_000;
/** A sync run whose heartbeat is older than this is dead (the sync's own rule), so it blocks nothing. */
const LIVE_SYNC_MS = 10 * 60_000;

export async function requestRescore(tx: Queryable, at: Date, reason: string): Promise<void> {
  await tx
    .insert(creditRescoreRequests)
    .values({ scope: 'portfolio', requestedAt: at, reason })
    .onConflictDoUpdate({
      target: creditRescoreRequests.scope,
      set: {
        requestedAt: sql`greatest(${creditRescoreRequests.requestedAt}, excluded.requested_at)`,
        reason: sql`case when excluded.requested_at >= ${creditRescoreRequests.requestedAt}
          then excluded.reason else ${creditRescoreRequests.reason} end`,
      },
    });
}

export async function pendingRescore(db: Queryable) {
  const [row] = await db
    .select()
    .from(creditRescoreRequests)
    .where(eq(creditRescoreRequests.scope, 'portfolio'));
  return row ?? null;
}

/**
 * Rescores the portfolio if a rescore is owed and no sync run is still listing (it would owe another
 * one when it ends). Returns null when there was nothing to do or another runner holds the request.
 */
export async function runRequestedRescore(
  ctx: ServiceContext,
  options: Pick<RescoreOptions, 'onProgress' | 'concurrency'> = {},
): Promise<(RecomputeStats & { reason: string }) | null> {
  const now = ctx.now;
  const syncing = await ctx.db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(
      and(eq(syncRuns.status, 'running'), gt(syncRuns.heartbeatAt, new Date(now.getTime() - LIVE_SYNC_MS))),
    );
  if (syncing.length > 0) return null;
  const [claimed] = await ctx.db
    .update(creditRescoreRequests)
    .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
    .where(
      and(
        eq(creditRescoreRequests.scope, 'portfolio'),
        or(isNull(creditRescoreRequests.claimedUntil), lt(creditRescoreRequests.claimedUntil, now)),
      ),
    )
    .returning();
  if (!claimed) return null;
  try {
    const stats = await rescoreAll(ctx, options);
    // The rescore began after the claim, so it covers the request even if it was made after `now`.
    await satisfyRescoreRequest(ctx.db, claimed.requestedAt);
    return { ...stats, reason: claimed.reason };
  } finally {
    // A newer request made while this rescore ran (or this one, if the rescore failed) is left for
    // the next runner.
    await ctx.db
      .update(creditRescoreRequests)
      .set({ claimedUntil: null })
      .where(eq(creditRescoreRequests.scope, 'portfolio'));
  }
}
