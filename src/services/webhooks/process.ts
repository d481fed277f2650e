// Works off recorded HubSpot events: re-reads the current state of every affected record (batch read,
// 100 ids per call), applies merges, archives what HubSpot no longer has, and marks the events done in
// the same transaction. Reading current state (not applying event payloads) is what makes duplicated,
// retried and out-of-order deliveries end in the same state as one ordered delivery. A record that
// cannot be stored is set aside in sync_rejections, and the events that asked for it are done.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { inbox } from '../../db/schema/index.ts';
import { CRM_OBJECT_TYPES, type Crm, type CrmObjectType, type CrmResult } from '../../integrations/crm.ts';
import { HubspotDailyLimitError, HubspotRequestError } from '../../integrations/hubspot/errors.ts';
import {
  type CrmChangeNotice,
  changeNotice,
  type WebhookEvent,
} from '../../integrations/hubspot/webhook-events.ts';
import type { ServiceContext } from '../context.ts';
import { withRecordIsolation } from '../sync/isolate.ts';
import { markGone, storePage } from '../sync/store-page.ts';
import { applyCompanyMerges } from '../sync/upsert-parties.ts';

const BATCH_READ = 100;
/** After this many failed attempts an event is parked as 'failed' for a person to look at. */
export const INBOX_MAX_ATTEMPTS = 10;

export interface InboxResult {
  events: number;
  refetched: number;
  archived: number;
  failed: number;
}

/** How long a claimed batch is left to its worker before another may take it (a worker that died). */
const CLAIM_MS = 5 * 60_000;

interface ClaimedEvent {
  key: string;
  payload: unknown;
}

/**
 * Claims up to `limit` received events (oldest first) for this worker: another worker, or another
 * replica, skips them while the claim lasts, so no two fetch the same records.
 */
async function claimEvents(ctx: ServiceContext, limit: number): Promise<ClaimedEvent[]> {
  const rows = await ctx.db
    .update(inbox)
    .set({ claimedUntil: new Date(ctx.now.getTime() + CLAIM_MS) })
    .where(
      and(
        eq(inbox.source, 'hubspot'),
        sql`${inbox.key} in (select key from inbox where source = 'hubspot' and status = 'received'
          and (claimed_until is null or claimed_until < ${ctx.now.toISOString()}::timestamptz)
          order by received_at limit ${limit} for update skip locked)`,
      ),
    )
    .returning({ key: inbox.key, payload: inbox.payload, receivedAt: inbox.receivedAt });
  return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.key.localeCompare(b.key));
}

export async function processHubspotInbox(ctx: ServiceContext, crm: Crm, limit = 500): Promise<InboxResult> {
  const events = await claimEvents(ctx, limit);
  if (events.length === 0) return { events: 0, refetched: 0, archived: 0, failed: 0 };
  return processEvents(ctx, crm, events);
}

/**
 * Not the events' fault: HubSpot unreachable or failing after the client's retries, out of allowance,
 * or refusing our credentials. Events wait for it unharmed.
 */
const isVendorTrouble = (error: unknown) =>
  error instanceof HubspotDailyLimitError ||
  (error instanceof HubspotRequestError &&
    (error.retryable || error.httpStatus === 401 || error.httpStatus === 403));

/** Whether HubSpot answers at all: one cheap call, to tell an outage from trouble with some records. */
async function hubspotAnswers(crm: Crm): Promise<boolean> {
  try {
    await crm.count('companies');
    return true;
  } catch {
    return false;
  }
}

/** What became of a claimed batch: applied, left to wait (HubSpot down), or failed (counts an attempt). */
interface Outcome {
  applied: Set<string>;
  refetched: number;
  archived: number;
  waiting: Map<string, string>;
  failed: Map<string, string>;
}

type Health = 'unknown' | 'answering' | 'down';

/**
 * Applies a batch. When it fails, the batch is halved until what fails stands alone: that event alone
 * counts an attempt (and is parked after INBOX_MAX_ATTEMPTS) while the events around it are applied.
 * A failure that looks like HubSpot's is checked first with one cheap call: if HubSpot does not answer,
 * the whole batch waits without counting an attempt, so an outage of any length parks nothing; if it
 * does, the failure belongs to some records and is halved like any other.
 */
async function processEvents(ctx: ServiceContext, crm: Crm, events: ClaimedEvent[]): Promise<InboxResult> {
  const outcome: Outcome = {
    applied: new Set(),
    refetched: 0,
    archived: 0,
    waiting: new Map(),
    failed: new Map(),
  };
  try {
    await work(ctx, crm, events, 'unknown', outcome);
  } catch (error) {
    // The daily allowance ran out: what is not settled yet waits for tomorrow.
    const message = error instanceof Error ? error.message : String(error);
    for (const { key } of events) {
      if (!outcome.applied.has(key) && !outcome.failed.has(key)) outcome.waiting.set(key, message);
    }
    await settle(ctx, outcome);
    throw error;
  }
  await settle(ctx, outcome);
  return {
    events: events.length,
    refetched: outcome.refetched,
    archived: outcome.archived,
    failed: outcome.waiting.size + outcome.failed.size,
  };
}

async function work(
  ctx: ServiceContext,
  crm: Crm,
  events: ClaimedEvent[],
  health: Health,
  outcome: Outcome,
): Promise<Health> {
  if (health === 'down') {
    for (const { key } of events) outcome.waiting.set(key, 'HubSpot did not answer');
    return health;
  }
  try {
    const result = await applyEvents(ctx, crm, events);
    for (const { key } of events) outcome.applied.add(key);
    outcome.refetched += result.refetched;
    outcome.archived += result.archived;
    return health;
  } catch (error) {
    if (error instanceof HubspotDailyLimitError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    let known: Health = health;
    if (isVendorTrouble(error) && known === 'unknown') {
      known = (await hubspotAnswers(crm)) ? 'answering' : 'down';
      if (known === 'down') {
        ctx.logger.warn({ err: error, events: events.length }, 'HubSpot unavailable; inbox events wait');
        for (const { key } of events) outcome.waiting.set(key, message);
        return known;
      }
    }
    if (events.length === 1) {
      const [event] = events;
      if (event) outcome.failed.set(event.key, message);
      ctx.logger.error({ err: error, event: event?.key }, 'HubSpot inbox event failed; will retry');
      return known;
    }
    const middle = Math.ceil(events.length / 2);
    known = await work(ctx, crm, events.slice(0, middle), known, outcome);
    return work(ctx, crm, events.slice(middle), known, outcome);
  }
}

/** Releases the claim on every event not applied; failed ones count an attempt, waiting ones do not. */
async function settle(ctx: ServiceContext, outcome: Outcome): Promise<void> {
  const byMessage = (entries: Map<string, string>) => {
    const groups = new Map<string, string[]>();
    for (const [key, message] of entries) groups.set(message, [...(groups.get(message) ?? []), key]);
    return groups;
  };
  for (const [message, keys] of byMessage(outcome.waiting)) {
    await ctx.db
      .update(inbox)
      .set({ error: message, claimedUntil: null })
      .where(and(eq(inbox.source, 'hubspot'), inArray(inbox.key, keys)));
  }
  for (const [message, keys] of byMessage(outcome.failed)) {
    await ctx.db
      .update(inbox)
      .set({
        attempts: sql`${inbox.attempts} + 1`,
        error: message,
        claimedUntil: null,
        status: sql`case when ${inbox.attempts} + 1 >= ${INBOX_MAX_ATTEMPTS} then 'failed' else 'received' end`,
      })
      .where(and(eq(inbox.source, 'hubspot'), inArray(inbox.key, keys)));
  }
}

async function applyEvents(ctx: ServiceContext, crm: Crm, events: ClaimedEvent[]): Promise<InboxResult> {
  const keys = events.map((event) => event.key);
  const wanted = new Map<CrmObjectType, Set<string>>(CRM_OBJECT_TYPES.map((type) => [type, new Set()]));
  const merges = events.flatMap((event) => {
    const notice = changeNotice(event.payload as WebhookEvent);
    for (const ref of notice.refetch) wanted.get(ref.type)?.add(ref.id);
    return notice.merges;
  });
  const fetched: { type: CrmObjectType; records: CrmResult<CrmObjectType>[]; missing: string[] }[] = [];
  for (const [type, ids] of wanted) {
    const list = [...ids];
    for (let start = 0; start < list.length; start += BATCH_READ) {
      fetched.push({ type, ...(await crm.batchRead(type, list.slice(start, start + BATCH_READ))) });
    }
  }
  // A record the database refuses is set aside on its own (a second, careful pass): the events that
  // asked for it are still processed, since re-reading it later would meet the same record.
  return withRecordIsolation((careful) => applyFetched(ctx, keys, merges, fetched, events.length, careful));
}

async function applyFetched(
  ctx: ServiceContext,
  keys: string[],
  merges: CrmChangeNotice['merges'],
  fetched: { type: CrmObjectType; records: CrmResult<CrmObjectType>[]; missing: string[] }[],
  events: number,
  careful: boolean,
): Promise<InboxResult> {
  return ctx.db.transaction(async (tx) => {
    let archived = 0;
    for (const merge of merges) {
      if (merge.type === 'companies') {
        await applyCompanyMerges(
          tx,
          merge.mergedIds.map((merged) => ({ merged, primary: merge.primaryId })),
          ctx.now,
        );
      } else {
        archived += await markGone(tx, ctx, merge.type, merge.mergedIds, ctx.now);
      }
    }
    // Companies first, so contacts, deals and invoices fetched in the same pass can link to them.
    for (const type of CRM_OBJECT_TYPES) {
      for (const batch of fetched.filter((entry) => entry.type === type)) {
        await storePage(tx, ctx, type, batch.records, ctx.now, { careful });
        archived += await markGone(tx, ctx, type, batch.missing, ctx.now);
      }
    }
    await tx
      .update(inbox)
      .set({
        status: 'processed',
        processedAt: ctx.now,
        attempts: sql`${inbox.attempts} + 1`,
        error: null,
        claimedUntil: null,
      })
      .where(and(eq(inbox.source, 'hubspot'), inArray(inbox.key, keys)));
    const refetched = fetched.reduce((sum, entry) => sum + entry.records.length, 0);
    return { events, refetched, archived, failed: 0 };
  });
}
