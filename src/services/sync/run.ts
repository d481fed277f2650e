// A sync run: claims the single "running" slot in sync_runs under a lease (runs never overlap, and a dead
// one never blocks the next), syncs owners then each object type in dependency order, and records the
// outcome. Progress goes to a listener.

import { and, eq, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { syncRuns } from '../../db/schema/index.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Crm, CrmObjectType } from '../../integrations/crm.ts';
import { toJsonSafe } from '../../lib/json.ts';
import type { ServiceContext } from '../context.ts';
import { pendingRescore } from '../credit/rescore-requests.ts';
import { type FxRefreshSummary, refreshPortalRatesSafely } from '../fx/refresh.ts';
import { parseInput } from '../validate.ts';
import { fullSyncObject } from './full-listing.ts';
import { processHolder } from './holder.ts';
import { incrementalSyncObject } from './incremental-search.ts';
import { describeHolder, leaseLost, liveSyncRun, RunLease } from './lease.ts';
import { mapOwnersToSlack, type SlackOwnerMatching, syncOwners } from './owners.ts';
import { type ObjectTotals, type ProgressListener, SYNC_ORDER, type SyncObject } from './progress.ts';
import { interruptedPass } from './sync-state.ts';

export const SyncInput = z.object({
  mode: z.enum(['full', 'incremental']).default('incremental'),
  objects: z
    .array(z.enum(['owners', 'companies', 'contacts', 'deals', 'invoices']))
    .min(1)
    .optional(),
});
export type SyncInput = z.input<typeof SyncInput>;

export interface SyncSummary {
  runId: string;
  mode: 'full' | 'incremental';
  objects: Partial<Record<SyncObject, ObjectTotals>>;
  slack: SlackOwnerMatching;
  requests: ReturnType<Crm['stats']>;
  seconds: number;
  /** The run whose interrupted full sync this one took over and finished, if any. */
  continues: string | null;
  /**
   * A full listing defers credit work and leaves a full rescore owed (services/credit/rescore-requests),
   * which the `credit-rescore-requested` job works within a minute, or the CLI right away.
   */
  rescoreOwed: boolean;
  /** The portal's currencies and rates, read first (a failure is reported here, never fatal). */
  fx?: FxRefreshSummary | { error: string };
}

function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export type ClaimedRun = Awaited<ReturnType<typeof claimSyncRun>>;

/**
 * Claims the single running slot under a lease from the context's clock. A run whose lease ran out died
 * with its process: it is marked failed and its slot taken. A live run is named in the refusal.
 */
export async function claimSyncRun(ctx: ServiceContext, input: SyncInput) {
  const parsed = parseInput(SyncInput, input);
  const objects = SYNC_ORDER.filter((object) => !parsed.objects || parsed.objects.includes(object));
  const now = ctx.now;
  const leaseMs = ctx.config.HUBSPOT_SYNC_LEASE_MS;
  // The live run may end between our insert and our look at it: one more try then finds the slot free.
  for (let attempt = 0; ; attempt++) {
    await ctx.db
      .update(syncRuns)
      .set({
        status: 'failed',
        error: 'abandoned: its process stopped renewing the lease',
        finishedAt: now,
      })
      .where(and(eq(syncRuns.status, 'running'), lte(syncRuns.leaseUntil, now)));
    try {
      const [row] = await ctx.db
        .insert(syncRuns)
        .values({
          mode: parsed.mode,
          objects,
          status: 'running',
          startedAt: now,
          heartbeatAt: now,
          leaseUntil: new Date(now.getTime() + leaseMs),
          holder: processHolder(),
        })
        .returning({ id: syncRuns.id });
      if (row) return { runId: row.id, mode: parsed.mode, objects };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const live = await liveSyncRun(ctx.db, now);
    if (live) {
      throw new ConflictError(`A sync run is already running: ${describeHolder(live)}`, {
        runId: live.id.toString(),
        holder: live.holder,
        startedAt: live.startedAt.toISOString(),
        lastHeardAt: live.heartbeatAt.toISOString(),
        leaseUntil: live.leaseUntil.toISOString(),
      });
    }
    if (attempt >= 1) throw new ConflictError('A sync run is already running');
  }
}

export async function executeSyncRun(
  ctx: ServiceContext,
  crm: Crm,
  run: ClaimedRun,
  options: {
    clock?: () => Date;
    onProgress?: ProgressListener;
    expected?: (type: CrmObjectType) => Promise<number | null>;
    parallelWrites?: number;
  } = {},
): Promise<SyncSummary> {
  const clock = options.clock ?? (() => ctx.clock.now());
  const started = clock();
  const summary: SyncSummary = {
    runId: run.runId.toString(),
    mode: run.mode,
    objects: {},
    slack: { matched: 0, checked: 0, failed: 0 },
    requests: crm.stats(),
    seconds: 0,
    continues: null,
    rescoreOwed: false,
  };
  const lease = new RunLease(ctx.db, run.runId, clock, ctx.config.HUBSPOT_SYNC_LEASE_MS, ctx.logger, () =>
    toJsonSafe(summary),
  );
  lease.start();
  // Only the run that still holds the slot may record how it ended.
  const stillOurs = and(eq(syncRuns.id, run.runId), eq(syncRuns.status, 'running'));
  try {
    // Rates before records, so whatever this run leads to scoring converts with today's rates.
    summary.fx = await refreshPortalRatesSafely({ ...ctx, now: clock() }, crm);
    // A full run goes on with the pass of a full run that was killed part-way (its cursors, and the types
    // it finished are not listed again); an incremental run falls back to full listings in its own.
    const interrupted = run.mode === 'full' ? await interruptedPass(ctx.db, run.objects) : null;
    const pass = interrupted ?? run.runId.toString();
    summary.continues = interrupted;
    for (const object of run.objects) {
      lease.assertHeld();
      const objectStarted = clock().getTime();
      if (object === 'owners') {
        summary.objects.owners = await syncOwners(ctx, crm, clock, run.runId);
        summary.slack = await mapOwnersToSlack({ ...ctx, now: clock() });
      } else {
        const expected = options.expected ? await options.expected(object) : null;
        const env = {
          ctx,
          crm,
          clock,
          expected,
          onProgress: options.onProgress,
          parallelWrites: options.parallelWrites,
          runId: run.runId,
          assertLease: () => lease.assertHeld(),
          pass,
        };
        summary.objects[object] =
          run.mode === 'full' ? await fullSyncObject(env, object) : await incrementalSyncObject(env, object);
      }
      const totals = summary.objects[object];
      if (totals) totals.seconds = (clock().getTime() - objectStarted) / 1000;
      summary.requests = crm.stats();
    }
    // Full listings (asked for, or an incremental run that had to fall back to one) deferred credit work.
    summary.rescoreOwed = (await pendingRescore(ctx.db)) !== null;
    summary.seconds = (clock().getTime() - started.getTime()) / 1000;
    await lease.stop();
    const finished = await ctx.db
      .update(syncRuns)
      .set({ status: 'succeeded', stats: toJsonSafe(summary), finishedAt: clock(), heartbeatAt: clock() })
      .where(stillOurs)
      .returning({ id: syncRuns.id });
    if (finished.length === 0) throw leaseLost(run.runId);
    return summary;
  } catch (error) {
    await lease.stop();
    summary.requests = crm.stats();
    await ctx.db
      .update(syncRuns)
      .set({
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        stats: toJsonSafe(summary),
        finishedAt: clock(),
      })
      .where(stillOurs);
    throw error;
  }
}

/** Concurrent page writes pay off on a server; PGlite has one connection, so one at a time there. */
export const parallelWritesFor = (driver: 'pglite' | 'postgres') => (driver === 'postgres' ? 4 : 1);

/** Claims and runs in one call (CLI, job). */
export async function runSync(args: {
  ctx: ServiceContext;
  crm: Crm;
  input: SyncInput;
  clock?: () => Date;
  onProgress?: ProgressListener;
  expected?: (type: CrmObjectType) => Promise<number | null>;
  parallelWrites?: number;
}): Promise<SyncSummary> {
  const run = await claimSyncRun(args.ctx, args.input);
  return executeSyncRun(args.ctx, args.crm, run, args);
}

export async function latestSyncRuns(ctx: ServiceContext, limit = 10) {
  return ctx.db.select().from(syncRuns).orderBy(sql`${syncRuns.id} desc`).limit(limit);
}
