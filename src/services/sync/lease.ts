// Runs never overlap, and a dead run never blocks the next: a run holds the single 'running' row of
// sync_runs under a short lease (HUBSPOT_SYNC_LEASE_MS) that a timer renews from the run's clock. A run
// killed without a word stops renewing, and the next claim takes over once the lease has run out. The
// same rule tells owed rescores whether a sync is still listing. A plain row works everywhere, Workers
// behind Hyperdrive included, where no session (and so no session advisory lock) outlives a request.

import { and, eq, gt, type SQL } from 'drizzle-orm';
import { syncRuns } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { Logger } from '../../lib/logger.ts';

/** The one rule: a run is alive while it is marked running and its lease has not run out. */
export const liveRun = (now: Date): SQL | undefined =>
  and(eq(syncRuns.status, 'running'), gt(syncRuns.leaseUntil, now));

export type SyncRunRow = typeof syncRuns.$inferSelect;

export async function liveSyncRun(db: Queryable, now: Date): Promise<SyncRunRow | null> {
  const [row] = await db.select().from(syncRuns).where(liveRun(now));
  return row ?? null;
}

/** What a refusal tells: which process runs, since when, when it last reported, when it lapses. */
export function describeHolder(run: SyncRunRow): string {
  return (
    `run ${run.id} (${run.mode}) is held by ${run.holder} since ${run.startedAt.toISOString()}, ` +
    `last heard from at ${run.heartbeatAt.toISOString()}; its lease runs until ${run.leaseUntil.toISOString()}, ` +
    'and if that process has died the slot is free then'
  );
}

export function leaseLost(runId: bigint): ConflictError {
  return new ConflictError(
    `Sync run ${runId} no longer holds its lease (another run took over after it went silent)`,
    { runId: runId.toString() },
  );
}

/**
 * Keeps a claimed run's lease: every third of the lease a timer writes `lease_until = clock + lease`
 * (with the run's counts, for whoever watches the run), so several renewals can fail before it lapses.
 * A renewal that finds the run no longer running marks the lease lost; the run stops at its next page.
 */
export class RunLease {
  private timer: ReturnType<typeof setInterval> | undefined;
  private renewing: Promise<void> | undefined;
  private lost = false;

  constructor(
    private readonly db: Queryable,
    private readonly runId: bigint,
    private readonly clock: () => Date,
    private readonly leaseMs: number,
    private readonly logger: Logger,
    private readonly stats: () => JsonValue,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.renewing ??= this.renew()
          .catch((error: unknown) => {
            // A database hiccup is survivable: the lease has two more renewals before it lapses.
            this.logger.warn({ err: error, runId: this.runId.toString() }, 'sync lease renewal failed');
          })
          .finally(() => {
            this.renewing = undefined;
          });
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    // The timer alone must not keep a finished command alive (Node); Workers' timers have no unref.
    const timer = this.timer as { unref?: () => void };
    timer.unref?.();
  }

  async renew(): Promise<void> {
    const now = this.clock();
    const renewed = await this.db
      .update(syncRuns)
      .set({ leaseUntil: new Date(now.getTime() + this.leaseMs), heartbeatAt: now, stats: this.stats() })
      .where(and(eq(syncRuns.id, this.runId), eq(syncRuns.status, 'running')))
      .returning({ id: syncRuns.id });
    if (renewed.length === 0) this.lost = true;
  }

  /** Throws when the run lost its lease: called between pages, so a run taken over stops at once. */
  assertHeld(): void {
    if (this.lost) throw leaseLost(this.runId);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }
}
