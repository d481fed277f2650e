// Per object type sync progress (sync_state), always written in the transaction of the page it covers.

import { eq, sql } from 'drizzle-orm';
import { syncState } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';

/**
 * A sync run whose heartbeat is older than this died with its process: its slot is freed for the next
 * run, and an owed rescore stops waiting for it.
 */
export const STALE_RUN_MS = 10 * 60_000;

export interface ObjectSyncState {
  /** A full listing is under way: `cursor` is where to continue (null = from the start). */
  fullInProgress: boolean;
  cursor: string | null;
  /** When the full listing in progress began; becomes the watermark when it completes. */
  fullStartedAt: Date | null;
  watermark: Date | null;
}

interface StoredStats {
  phase?: 'full' | 'idle';
  fullStartedAt?: string;
}

export async function readSyncState(db: Queryable, objectType: string): Promise<ObjectSyncState> {
  const [row] = await db.select().from(syncState).where(eq(syncState.objectType, objectType));
  const stats = (row?.stats ?? {}) as StoredStats;
  return {
    fullInProgress: stats.phase === 'full',
    cursor: row?.cursor ?? null,
    fullStartedAt: stats.fullStartedAt ? new Date(stats.fullStartedAt) : null,
    watermark: row?.watermark ?? null,
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

export async function writeSyncState(
  db: Queryable,
  objectType: string,
  state: ObjectSyncState,
  options: { relaxCommitFlush?: boolean } = {},
): Promise<void> {
  const values = {
    objectType,
    cursor: state.fullInProgress ? state.cursor : null,
    watermark: state.watermark,
    stats: {
      phase: state.fullInProgress ? 'full' : 'idle',
      ...(state.fullStartedAt ? { fullStartedAt: state.fullStartedAt.toISOString() } : {}),
    },
    updatedAt: options.relaxCommitFlush ? nowWithoutCommitFlush : sql`now()`,
  };
  await db
    .insert(syncState)
    .values(values)
    .onConflictDoUpdate({
      target: syncState.objectType,
      set: { cursor: values.cursor, watermark: values.watermark, stats: values.stats, updatedAt: sql`now()` },
    });
}
