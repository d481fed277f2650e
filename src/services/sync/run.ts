// A sync run: claims the single "running" slot in sync_runs (runs never overlap), syncs owners then
// each object type in dependency order, and records the outcome. Progress goes to a listener.

import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { syncRuns } from '../../db/schema/index.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Crm, CrmObjectType } from '../../integrations/crm.ts';
import { toJsonSafe } from '../../lib/json.ts';
import type { ServiceContext } from '../context.ts';
import { pendingRescore } from '../credit/rescore-requests.ts';
import { type FxRefreshSummary, refreshPortalRatesSafely } from '../fx/refresh.ts';
import { parseInput } from '../validate.ts';
import { fullSyncObject, incrementalSyncObject } from './object-sync.ts';
import { mapOwnersToSlack, type SlackOwnerMatching, syncOwners } from './owners.ts';
import { type ObjectTotals, type ProgressListener, SYNC_ORDER, type SyncObject } from './progress.ts';
import { STALE_RUN_MS } from './sync-state.ts';

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
  /**
   * A full listing defers credit work and leaves a full rescore owed (services/credit/rescore-requests),
   * which the `credit-rescore-requested` job works within a minute, or the CLI right away.
   */
  rescoreOwed: boolean;
  /** The portal's currencies and rates, read first (a failure is reported here, never fatal). */
  fx?: FxRefreshSummary | { error: string };
}

const HEARTBEAT_MS = 30_000;

function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export async function claimSyncRun(ctx: ServiceContext, input: SyncInput) {
  const parsed = parseInput(SyncInput, input);
  const objects = SYNC_ORDER.filter((object) => !parsed.objects || parsed.objects.includes(object));
  await ctx.db
    .update(syncRuns)
    .set({ status: 'failed', error: 'abandoned: no heartbeat', finishedAt: ctx.now })
    .where(
      and(
        eq(syncRuns.status, 'running'),
        lt(syncRuns.heartbeatAt, new Date(ctx.now.getTime() - STALE_RUN_MS)),
      ),
    );
  try {
    const [row] = await ctx.db
      .insert(syncRuns)
      .values({ mode: parsed.mode, objects, status: 'running', startedAt: ctx.now, heartbeatAt: ctx.now })
      .returning({ id: syncRuns.id });
    if (!row) throw new ConflictError('A sync run is already running');
    return { runId: row.id, mode: parsed.mode, objects };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('A sync run is already running');
    throw error;
  }
}

export async function executeSyncRun(
  ctx: ServiceContext,
  crm: Crm,
  run: Awaited<ReturnType<typeof claimSyncRun>>,
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
    rescoreOwed: false,
  };
  const heartbeat = () =>
    ctx.db
      .update(syncRuns)
      .set({ heartbeatAt: clock(), stats: toJsonSafe(summary) })
      .where(eq(syncRuns.id, run.runId));
  // A listing of one object type can take longer than STALE_RUN_MS at HubSpot's rate: pages report
  // that the run is alive, at most every HEARTBEAT_MS.
  let lastBeat = clock().getTime();
  const pageBeat = async () => {
    if (clock().getTime() - lastBeat < HEARTBEAT_MS) return;
    lastBeat = clock().getTime();
    await heartbeat();
  };
  try {
    // Rates before records, so whatever this run leads to scoring converts with today's rates.
    summary.fx = await refreshPortalRatesSafely({ ...ctx, now: clock() }, crm);
    for (const object of run.objects) {
      const objectStarted = clock().getTime();
      if (object === 'owners') {
        summary.objects.owners = await syncOwners(ctx, crm, clock);
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
          heartbeat: pageBeat,
        };
        summary.objects[object] =
          run.mode === 'full' ? await fullSyncObject(env, object) : await incrementalSyncObject(env, object);
      }
      const totals = summary.objects[object];
      if (totals) totals.seconds = (clock().getTime() - objectStarted) / 1000;
      summary.requests = crm.stats();
      await heartbeat();
    }
    // Full listings (asked for, or an incremental run that had to fall back to one) deferred credit work.
    summary.rescoreOwed = (await pendingRescore(ctx.db)) !== null;
    summary.seconds = (clock().getTime() - started.getTime()) / 1000;
    await ctx.db
      .update(syncRuns)
      .set({ status: 'succeeded', stats: toJsonSafe(summary), finishedAt: clock(), heartbeatAt: clock() })
      .where(eq(syncRuns.id, run.runId));
    return summary;
  } catch (error) {
    summary.requests = crm.stats();
    await ctx.db
      .update(syncRuns)
      .set({
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        stats: toJsonSafe(summary),
        finishedAt: clock(),
      })
      .where(eq(syncRuns.id, run.runId));
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
