// An incremental sync of one object type: HubSpot search on the modification time from the watermark
// (less an overlap for search-index lag), ascending, each page written with the watermark after it. An
// object type with no watermark, or a full listing under way, gets a full listing instead.

import type { CrmObjectType, CrmResult, CrmSearchPage } from '../../integrations/crm.ts';
import { fullSyncObject } from './full-listing.ts';
import { withRecordIsolation } from './isolate.ts';
import { addCounts, emptyTotals, type ObjectTotals } from './progress.ts';
import { storePage } from './store-page.ts';
import { maxDate, report, type SyncEnv } from './sync-env.ts';
import { readSyncState, writeSyncState } from './sync-state.ts';

/** HubSpot search refuses offsets past 10,000 results; the window re-anchors before reaching it. */
export const SEARCH_RESULT_CAP = 10_000;
const SEARCH_PAGE = 200;

export async function incrementalSyncObject(env: SyncEnv, type: CrmObjectType): Promise<ObjectTotals> {
  const { ctx, crm } = env;
  const state = await readSyncState(ctx.db, type);
  if (state.fullInProgress || !state.watermark) return fullSyncObject(env, type);
  const totals = emptyTotals('incremental');
  let anchor = new Date(state.watermark.getTime() - ctx.config.HUBSPOT_SYNC_OVERLAP_MS);
  let watermark = state.watermark;
  let after: string | null = null;
  let offset = 0;
  // Ids already stored at the newest timestamp seen: re-anchoring with GTE returns them again.
  let seenAtNewest = new Set<string>();
  let newest = anchor;
  for (;;) {
    env.assertLease?.();
    const page: CrmSearchPage<CrmResult<CrmObjectType>> = await crm.searchModifiedSince(type, anchor, after);
    env.expected ??= page.total;
    const fresh = page.records.filter(
      (record) => !(record.updatedAt.getTime() === newest.getTime() && seenAtNewest.has(record.id)),
    );
    ({ newest, seenAtNewest } = advance(page.records, newest, seenAtNewest));
    watermark = maxDate(watermark, newest);
    const counts = await withRecordIsolation((careful) =>
      ctx.db.transaction(async (tx) => {
        const stored = await storePage(tx, ctx, type, fresh as CrmResult<typeof type>[], env.clock(), {
          careful,
          ...(env.runId === undefined ? {} : { runId: env.runId }),
        });
        await writeSyncState(
          tx,
          type,
          // A pass's pending sweep and its name stay as they were.
          { ...state, fullInProgress: false, cursor: null, fullStartedAt: null, watermark },
          { relaxCommitFlush: true, fenceRunId: env.runId },
        );
        return stored;
      }),
    );
    addCounts(totals, counts);
    totals.skipped += page.records.length - fresh.length;
    totals.received += page.records.length - fresh.length;
    report(env, type, totals);
    if (!page.next) break;
    offset += page.records.length;
    if (offset + SEARCH_PAGE > SEARCH_RESULT_CAP) {
      if (newest.getTime() === anchor.getTime()) {
        // More than 10,000 records share one timestamp: search cannot page past them; list everything.
        ctx.logger.warn(
          { objectType: type },
          'search window stuck on one timestamp; falling back to a full listing',
        );
        return fullSyncObject(env, type);
      }
      anchor = newest;
      after = null;
      offset = 0;
    } else {
      after = page.next;
    }
  }
  return totals;
}

function advance(
  records: readonly { id: string; updatedAt: Date }[],
  newest: Date,
  seen: Set<string>,
): { newest: Date; seenAtNewest: Set<string> } {
  let current = newest;
  let ids = seen;
  for (const record of records) {
    const time = record.updatedAt.getTime();
    if (time > current.getTime()) {
      current = record.updatedAt;
      ids = new Set();
    }
    if (time === current.getTime()) ids.add(record.id);
  }
  return { newest: current, seenAtNewest: ids };
}
