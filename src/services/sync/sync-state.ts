// Per object type sync progress (sync_state), always written in the transaction of the page it covers.

import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import { syncState } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { leaseLost } from './lease.ts';
import { instantParam } from './sql-values.ts';

export interface ObjectSyncState {
  /** A full listing is under way: `cursor` is where to continue (null = from the start). */
  fullInProgress: boolean;
  cursor: string | null;
  /** When the full listing in progress began; becomes the watermark when it completes. */
  fullStartedAt: Date | null;
  watermark: Date | null;
  /**
   * The full pass the listing belongs to (the id of the run that began it): a rerun after a crash takes
   * the pass over and does not list again what the pass already listed. Null before any full listing.
   */
  pass: string | null;
  /** The listing is complete but its sweep of records deleted in HubSpot is not. */
  sweeping: boolean;
}

interface StoredStats {
  phase?: 'full' | 'sweep' | 'idle';
  fullStartedAt?: string;
  pass?: string;
}

/** The pass of a full listing that was interrupted (still listing or sweeping) among these types. */
export async function interruptedPass(db: Queryable, objectTypes: readonly string[]): Promise<string | null> {
  const rows = await db
    .select({ stats: syncState.stats })
    .from(syncState)
    .where(inArray(syncState.objectType, [...objectTypes]));
  for (const { stats } of rows) {
    const stored = (stats ?? {}) as StoredStats;
    if ((stored.phase === 'full' || stored.phase === 'sweep') && stored.pass) return stored.pass;
  }
  return null;
}

export async function readSyncState(db: Queryable, objectType: string): Promise<ObjectSyncState> {
  const [row] = await db.select().from(syncState).where(eq(syncState.objectType, objectType));
  const stats = (row?.stats ?? {}) as StoredStats;
  return {
    fullInProgress: stats.phase === 'full',
    cursor: row?.cursor ?? null,
    fullStartedAt: stats.fullStartedAt ? new Date(stats.fullStartedAt) : null,
    watermark: row?.watermark ?? null,
    pass: stats.pass ?? null,
    sweeping: stats.phase === 'sweep',
  };
}

/**
 * A page and its cursor commit together, so if the database server crashed before flushing the last few
 * commits, they are lost together and the run re-reads them: nothing is skipped or doubled. A sync
 * page's commit therefore need not wait for its WAL flush. The setting rides on the statement every page
 * runs anyway (set_config, local to the transaction): a separate SET would cost a round trip per page.
 */
// updated_at is bookkeeping for operators on the database's clock (nothing decides by it), so the
// statement may take now() from the server here.
const nowWithoutCommitFlush = sql`(select now() from (select set_config('synchronous_commit', 'off', true)) relaxed)`;

/**
 * Writes the state. With `fenceRunId`, only while that run still holds the running slot: the statement
 * takes a share lock on the run's row, so a takeover (which marks the run failed) waits for this page to
 * commit, and a run that was taken over cannot move a cursor afterwards (it gets a ConflictError).
 */
export async function writeSyncState(
  db: Queryable,
  objectType: string,
  state: ObjectSyncState,
  options: { relaxCommitFlush?: boolean; fenceRunId?: bigint } = {},
): Promise<void> {
  const cursor = state.fullInProgress ? state.cursor : null;
  const watermark = state.watermark ? instantParam(state.watermark) : sql`null::timestamptz`;
  const stats: StoredStats = {
    phase: state.fullInProgress ? 'full' : state.sweeping ? 'sweep' : 'idle',
    ...(state.fullStartedAt ? { fullStartedAt: state.fullStartedAt.toISOString() } : {}),
    ...(state.pass ? { pass: state.pass } : {}),
  };
  const updatedAt = options.relaxCommitFlush ? nowWithoutCommitFlush : sql`now()`;
  const fence =
    options.fenceRunId === undefined
      ? sql``
      : sql`where exists (select 1 from sync_runs where id = ${options.fenceRunId.toString()}::bigint
          and status = 'running' for share)`;
  const written = await queryRows<{ object_type: string }>(
    db,
    sql`insert into ${syncState} (object_type, cursor, watermark, stats, updated_at)
      select ${objectType}, ${cursor}::text, ${watermark}, ${JSON.stringify(stats)}::jsonb, ${updatedAt}
      ${fence}
      on conflict (object_type) do update set cursor = excluded.cursor, watermark = excluded.watermark,
        stats = excluded.stats, updated_at = now()
      returning object_type`,
  );
  if (written.length === 0 && options.fenceRunId !== undefined) throw leaseLost(options.fenceRunId);
}
