// Works off recorded HubSpot events: re-reads the current state of every affected record (batch read,
// 100 ids per call), applies merges, archives what HubSpot no longer has, and marks the events done in
// the same transaction. Reading current state (not applying event payloads) is what makes duplicated,
// retried and out-of-order deliveries end in the same state as one ordered delivery.

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inbox } from '../../db/schema/index.ts';
import { CRM_OBJECT_TYPES, type Crm, type CrmObjectType, type CrmResult } from '../../integrations/crm.ts';
import { HubspotDailyLimitError } from '../../integrations/hubspot/errors.ts';
import { changeNotice, type WebhookEvent } from '../../integrations/hubspot/webhook-events.ts';
import type { ServiceContext } from '../context.ts';
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

export async function processHubspotInbox(ctx: ServiceContext, crm: Crm, limit = 500): Promise<InboxResult> {
  const rows = await ctx.db
    .select({ key: inbox.key, payload: inbox.payload })
    .from(inbox)
    .where(and(eq(inbox.source, 'hubspot'), eq(inbox.status, 'received')))
    .orderBy(asc(inbox.receivedAt))
    .limit(limit);
  if (rows.length === 0) return { events: 0, refetched: 0, archived: 0, failed: 0 };
  const keys = rows.map((row) => row.key);
  const wanted = new Map<CrmObjectType, Set<string>>(CRM_OBJECT_TYPES.map((type) => [type, new Set()]));
  const merges = rows.flatMap((row) => {
    const notice = changeNotice(row.payload as WebhookEvent);
    for (const ref of notice.refetch) wanted.get(ref.type)?.add(ref.id);
    return notice.merges;
  });
  try {
    const fetched: { type: CrmObjectType; records: CrmResult<CrmObjectType>[]; missing: string[] }[] = [];
    for (const [type, ids] of wanted) {
      const list = [...ids];
      for (let start = 0; start < list.length; start += BATCH_READ) {
        fetched.push({ type, ...(await crm.batchRead(type, list.slice(start, start + BATCH_READ))) });
      }
    }
    return await ctx.db.transaction(async (tx) => {
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
          await storePage(tx, ctx, type, batch.records, ctx.now);
          archived += await markGone(tx, ctx, type, batch.missing, ctx.now);
        }
      }
      await tx
        .update(inbox)
        .set({ status: 'processed', processedAt: ctx.now, attempts: sql`${inbox.attempts} + 1`, error: null })
        .where(and(eq(inbox.source, 'hubspot'), inArray(inbox.key, keys)));
      const refetched = fetched.reduce((sum, entry) => sum + entry.records.length, 0);
      return { events: rows.length, refetched, archived, failed: 0 };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db
      .update(inbox)
      .set({
        attempts: sql`${inbox.attempts} + 1`,
        error: message,
        status: sql`case when ${inbox.attempts} + 1 >= ${INBOX_MAX_ATTEMPTS} then 'failed' else 'received' end`,
      })
      .where(and(eq(inbox.source, 'hubspot'), inArray(inbox.key, keys)));
    if (error instanceof HubspotDailyLimitError) throw error;
    ctx.logger.error({ err: error, events: rows.length }, 'HubSpot inbox batch failed; will retry');
    return { events: rows.length, refetched: 0, archived: 0, failed: rows.length };
  }
}
