// A full listing of one object type: every page in order with its associations, each page written in one
// transaction with the cursor that follows it, then a sweep that archives what HubSpot deleted. A listing
// belongs to a pass, named by the run that began it: a run killed part-way leaves its pass to the next
// full run, which goes on from the saved cursors and lists nothing again that the pass already listed.

import type { CrmObjectType, CrmPage, CrmResult } from '../../integrations/crm.ts';
import { requestRescore } from '../credit/rescore-requests.ts';
import { withRecordIsolation } from './isolate.ts';
import { addCounts, emptyTotals, type ObjectTotals } from './progress.ts';
import { markGone, storePage } from './store-page.ts';
import { maxDate, report, type SyncEnv } from './sync-env.ts';
import { readSyncState, writeSyncState } from './sync-state.ts';

/** Ids a page writes: pages written at once must not share one, or each would wait on the other's lock. */
function touchedIds(records: readonly CrmResult<CrmObjectType>[]): Set<string> {
  const ids = new Set<string>();
  for (const record of records) {
    ids.add(record.id);
    if ('mergedIds' in record) for (const merged of record.mergedIds) ids.add(merged);
  }
  return ids;
}

export async function fullSyncObject(env: SyncEnv, type: CrmObjectType): Promise<ObjectTotals> {
  const { ctx, crm } = env;
  const totals = emptyTotals('full');
  const state = await readSyncState(ctx.db, type);
  if (!state.fullInProgress && state.pass === env.pass) {
    // The pass listed this type already (the run that did died later): at most its sweep is left.
    if (state.sweeping) await sweep(env, type, state.pass, state.watermark, totals);
    return totals;
  }
  // An interrupted listing goes on in its own pass, from its cursor; otherwise one begins in this pass.
  const pass = state.fullInProgress ? (state.pass ?? env.pass) : env.pass;
  const startedAt = state.fullInProgress && state.fullStartedAt ? state.fullStartedAt : env.clock();
  if (!state.fullInProgress) {
    await writeSyncState(
      ctx.db,
      type,
      { ...state, fullInProgress: true, cursor: null, fullStartedAt: startedAt, pass, sweeping: false },
      { fenceRunId: env.runId },
    );
  }
  let next = crm.listPage(type, state.fullInProgress ? state.cursor : null);
  const writers = Math.max(1, env.parallelWrites ?? 1);
  const inFlight: { done: Promise<void>; ids: Set<string> }[] = [];
  // Pages may be written concurrently, but each saves its cursor only after every earlier page has
  // committed; if one fails, the later ones roll back, so the stored cursor never skips a page.
  let previous: Promise<unknown> = Promise.resolve();
  try {
    for (;;) {
      env.assertLease?.();
      const page: CrmPage<CrmResult<CrmObjectType>> = await next;
      // Fetch the next page while this one is written; its cursor is only saved with its own page.
      if (page.next) {
        next = crm.listPage(type, page.next);
        next.catch(() => undefined);
      }
      const ids = touchedIds(page.records);
      // A record repeated across pages in flight: this page waits for them, so locks are never crossed.
      if (inFlight.some((pending) => [...ids].some((id) => pending.ids.has(id)))) {
        await Promise.allSettled(inFlight.map((pending) => pending.done));
      }
      const after = previous;
      const write = withRecordIsolation((careful) =>
        ctx.db.transaction(async (tx) => {
          const stored = await storePage(tx, ctx, type, page.records, env.clock(), {
            deferCredit: true,
            careful,
            ...(env.runId === undefined ? {} : { runId: env.runId }),
          });
          // The credit work deferred page by page is owed once the listing is complete, and is recorded
          // with the page that completes it, so a process that dies now leaves it owed, not forgotten.
          if (!page.next && type !== 'contacts')
            await requestRescore(tx, env.clock(), `full sync of ${type}`);
          await after;
          await writeSyncState(
            tx,
            type,
            {
              fullInProgress: page.next !== null,
              cursor: page.next,
              fullStartedAt: page.next ? startedAt : null,
              watermark: page.next ? state.watermark : maxDate(state.watermark, startedAt),
              pass,
              // The listing is complete with its last page; the sweep below finishes the pass's work.
              sweeping: page.next === null,
            },
            { relaxCommitFlush: true, fenceRunId: env.runId },
          );
          return stored;
        }),
      );
      previous = write;
      const counted = write.then((counts) => {
        addCounts(totals, counts);
        report(env, type, totals);
      });
      counted.catch(() => undefined);
      inFlight.push({ done: counted, ids });
      if (inFlight.length >= writers) await inFlight.shift()?.done;
      if (!page.next) break;
    }
    while (inFlight.length > 0) await inFlight.shift()?.done;
  } catch (error) {
    // Let the writes already under way finish (or roll back) before reporting the failure.
    await Promise.allSettled(inFlight.map((pending) => pending.done));
    throw error;
  }
  await sweep(env, type, pass, maxDate(state.watermark, startedAt), totals);
  return totals;
}

/** Archives what HubSpot deleted, then records that the pass is done with this type. */
async function sweep(
  env: SyncEnv,
  type: CrmObjectType,
  pass: string,
  watermark: Date | null,
  totals: ObjectTotals,
): Promise<void> {
  totals.archived = await sweepArchived(env, type);
  await writeSyncState(
    env.ctx.db,
    type,
    { fullInProgress: false, cursor: null, fullStartedAt: null, watermark, pass, sweeping: false },
    { fenceRunId: env.runId },
  );
}

/** Records deleted in HubSpot since we stored them: listed with archived=true. */
async function sweepArchived(env: SyncEnv, type: CrmObjectType): Promise<number> {
  let after: string | null = null;
  let archived = 0;
  do {
    env.assertLease?.();
    const page: CrmPage<CrmResult<CrmObjectType>> = await env.crm.listPage(type, after, { archived: true });
    const ids = page.records.flatMap((record) => (record.id === '' ? [] : [record.id]));
    archived += await env.ctx.db.transaction((tx) => markGone(tx, env.ctx, type, ids, env.clock()));
    after = page.next;
  } while (after);
  return archived;
}
