// Owed full rescores. A full HubSpot listing stores pages without recomputing credit (one set-based
// rescore afterwards is far cheaper than one per page) and records here, in the transaction of its last
// page, that the portfolio must be rescored. The nightly job and `creditline rescore` owe one the same
// way. The request outlives the process that wrote it; one runner at a time claims it with a lease and
// rescores, and the rescore settles it unless a newer request arrived meanwhile (`generation`).

import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { creditRescoreRequests } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';
import { liveSyncRun } from '../sync/lease.ts';
import { type RecomputeStats, type RescoreOptions, rescoreAll } from './recompute.ts';

/** Long enough for a large portfolio's rescore; a runner that died frees the request after it. */
const CLAIM_MS = 30 * 60_000;

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
        generation: sql`${creditRescoreRequests.generation} + 1`,
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

export type RequestedRescore =
  | { status: 'ran'; reason: string; stats: RecomputeStats }
  | { status: 'nothing_owed' }
  /** A sync run is still listing: it would leave another rescore owed when it ends. */
  | { status: 'waiting_for_sync' }
  /** Another runner holds the request. */
  | { status: 'claimed_elsewhere' };

/** Rescores the portfolio if a rescore is owed, no sync run is listing and no other runner has it. */
export async function runRequestedRescore(
  ctx: ServiceContext,
  options: Pick<RescoreOptions, 'onProgress' | 'concurrency' | 'pageSize'> = {},
): Promise<RequestedRescore> {
  const now = ctx.now;
  const pending = await pendingRescore(ctx.db);
  if (!pending) return { status: 'nothing_owed' };
  // The sync runs' own liveness rule (a lease that has not run out), so there is one rule for both.
  if (await liveSyncRun(ctx.db, now)) return { status: 'waiting_for_sync' };
  const lease = new Date(now.getTime() + CLAIM_MS);
  const [claimed] = await ctx.db
    .update(creditRescoreRequests)
    .set({ claimedUntil: lease })
    .where(
      and(
        eq(creditRescoreRequests.scope, 'portfolio'),
        or(isNull(creditRescoreRequests.claimedUntil), lt(creditRescoreRequests.claimedUntil, now)),
      ),
    )
    .returning();
  if (!claimed) return { status: 'claimed_elsewhere' };
  try {
    // The rescore settles the request unless a newer one came in while it ran.
    const stats = await rescoreAll(ctx, options);
    return { status: 'ran', reason: claimed.reason, stats };
  } finally {
    // Only our own claim is released: a newer request made meanwhile goes to the next runner.
    await ctx.db
      .update(creditRescoreRequests)
      .set({ claimedUntil: null })
      .where(
        and(eq(creditRescoreRequests.scope, 'portfolio'), eq(creditRescoreRequests.claimedUntil, lease)),
      );
  }
}

/** Owes a full rescore and runs it now if nothing stands in the way (the nightly job, the CLI). */
export async function rescoreNow(
  ctx: ServiceContext,
  reason: string,
  options: Pick<RescoreOptions, 'onProgress' | 'concurrency' | 'pageSize'> = {},
): Promise<RequestedRescore> {
  await requestRescore(ctx.db, ctx.now, reason);
  return runRequestedRescore(ctx, options);
}
