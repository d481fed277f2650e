import type { Crm, CrmObjectType, CrmPage, CrmResult, CrmSearchPage } from '../../integrations/crm.ts';
import type { ServiceContext } from '../context.ts';
import { requestRescore } from '../credit/rescore-requests.ts';
import { addCounts, emptyTotals, type ObjectTotals, type ProgressListener } from './progress.ts';
import { markGone, storePage } from './store-page.ts';
import { readSyncState, writeSyncState } from './sync-state.ts';

export interface SyncEnv {
  ctx: ServiceContext;
  crm: Crm;
  /** Wall clock for watermarks: a run lasts minutes, so the verb's fixed `now` is not enough. */
  clock: () => Date;
  onProgress?: ProgressListener;
  expected?: number | null;
  /** Pages written at once in a full sync: 1 on PGlite (one connection), a few on a server. */
  parallelWrites?: number;
  /** Called after each page: tells others the run is alive (throttled by the run). */
  heartbeat?: () => Promise<void>;
}

/** HubSpot search refuses offsets past 10,000 results; the window re-anchors before reaching it. */
export const SEARCH_RESULT_CAP = 10_000;
const SEARCH_PAGE = 200;

async function report(env: SyncEnv, type: CrmObjectType, totals: ObjectTotals): Promise<void> {
  env.onProgress?.({ objectType: type, totals, expected: env.expected ?? null, requests: env.crm.stats() });
  await env.heartbeat?.();
}

export async function fullSyncObject(env: SyncEnv, type: CrmObjectType): Promise<ObjectTotals> {
  const { ctx, crm } = env;
  const totals = emptyTotals('full');
  const state = await readSyncState(ctx.db, type);
  const startedAt = state.fullInProgress && state.fullStartedAt ? state.fullStartedAt : env.clock();
  if (!state.fullInProgress) {
    await writeSyncState(ctx.db, type, {
      ...state,
      fullInProgress: true,
      cursor: null,
      fullStartedAt: startedAt,
    });
  }
  let next = crm.listPage(type, state.fullInProgress ? state.cursor : null);
  const writers = Math.max(1, env.parallelWrites ?? 1);
  const inFlight: Promise<void>[] = [];
  // Pages may be written concurrently, but each saves its cursor only after every earlier page has
  // committed; if one fails, the later ones roll back, so the stored cursor never skips a page.
  let previous: Promise<unknown> = Promise.resolve();
  try {
    for (;;) {
      const page: CrmPage<CrmResult<CrmObjectType>> = await next;
      // Fetch the next page while this one is written; its cursor is only saved with its own page.
      if (page.next) {
        next = crm.listPage(type, page.next);
        next.catch(() => undefined);
      }
      const after = previous;
      const write = ctx.db.transaction(async (tx) => {
        const stored = await storePage(tx, ctx, type, page.records, env.clock(), { deferCredit: true });
        // The credit work deferred page by page is owed once the listing is complete, and is recorded
        // with the page that completes it, so a process that dies now leaves it owed, not forgotten.
        if (!page.next && type !== 'contacts') await requestRescore(tx, env.clock(), `full sync of ${type}`);
        await after;
        await writeSyncState(
          tx,
          type,
          {
            fullInProgress: page.next !== null,
            cursor: page.next,
            fullStartedAt: page.next ? startedAt : null,
            watermark: page.next ? state.watermark : maxDate(state.watermark, startedAt),
          },
          { relaxCommitFlush: true },
        );
        return stored;
      });
      previous = write;
      const counted = write.then((counts) => {
        addCounts(totals, counts);
        return report(env, type, totals);
      });
      counted.catch(() => undefined);
      inFlight.push(counted);
      if (inFlight.length >= writers) await inFlight.shift();
      if (!page.next) break;
    }
    while (inFlight.length > 0) await inFlight.shift();
  } catch (error) {
    // Let the writes already under way finish (or roll back) before reporting the failure.
    await Promise.allSettled(inFlight);
    throw error;
  }
  totals.archived = await sweepArchived(env, type);
  return totals;
}

/** Records deleted in HubSpot since we stored them: listed with archived=true. */
async function sweepArchived(env: SyncEnv, type: CrmObjectType): Promise<number> {
  let after: string | null = null;
  let archived = 0;
  do {
    const page: CrmPage<CrmResult<CrmObjectType>> = await env.crm.listPage(type, after, { archived: true });
    const ids = page.records.map((record) => record.id);
    archived += await env.ctx.db.transaction((tx) => markGone(tx, env.ctx, type, ids, env.clock()));
    after = page.next;
  } while (after);
  return archived;
}

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
    const page: CrmSearchPage<CrmResult<CrmObjectType>> = await crm.searchModifiedSince(type, anchor, after);
    env.expected ??= page.total;
    const fresh = page.records.filter(
      (record) => !(record.updatedAt.getTime() === newest.getTime() && seenAtNewest.has(record.id)),
    );
    ({ newest, seenAtNewest } = advance(page.records, newest, seenAtNewest));
    watermark = maxDate(watermark, newest);
    const counts = await ctx.db.transaction(async (tx) => {
      const stored = await storePage(tx, ctx, type, fresh as CrmResult<typeof type>[], env.clock());
      await writeSyncState(
        tx,
        type,
        { fullInProgress: false, cursor: null, fullStartedAt: null, watermark },
        { relaxCommitFlush: true },
      );
      return stored;
    });
    addCounts(totals, counts);
    totals.skipped += page.records.length - fresh.length;
    totals.received += page.records.length - fresh.length;
    await report(env, type, totals);
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

function maxDate(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}
