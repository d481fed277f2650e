// Delivers a 'hubspot.credit.push' outbox row: reads current credit values for up to 100 records,
// keeps those that differ from what HubSpot last accepted, sends them in one batch update, and
// remembers what was sent. Each record is settled on its own: records HubSpot no longer has are
// marked gone, records it refuses (its validation rules, from the 2026-09 API) are kept as rejected
// with its reason and not sent again until their values change, and the rest of the batch is
// delivered. Only a failure HubSpot may get over (5xx, 429, network, or a record it said nothing
// definite about) makes the row try again.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hubspotPushedValues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Crm } from '../../integrations/crm.ts';
import { HUBSPOT_BATCH_LIMIT } from '../outbox/effects.ts';
import { DeliveryError } from '../outbox/handlers.ts';
import { parseInput } from '../validate.ts';
import { type RecordCreditValues, readCreditValues, sameValues } from './credit-values.ts';
import { clearRejections, readRejections, recordRejections } from './write-rejections.ts';

export const CreditPushPayload = z.object({
  objectType: z.enum(['company', 'deal']),
  ids: z.array(z.uuid()).min(1).max(HUBSPOT_BATCH_LIMIT),
});

export interface CreditPushResult {
  sent: number;
  unchanged: number;
  gone: number;
  /** Records HubSpot refused now, or whose values it refused before and which have not changed. */
  refused: number;
}

export async function pushCreditValues(args: {
  db: Db;
  crm: Crm;
  now: Date;
  payload: unknown;
}): Promise<CreditPushResult> {
  const { objectType, ids } = parseInput(CreditPushPayload, args.payload);
  const current = await readCreditValues(args.db, objectType, ids);
  if (current.length === 0) return { sent: 0, unchanged: 0, gone: 0, refused: 0 };
  const recordIds = current.map((record) => record.id);
  const previous = await args.db
    .select()
    .from(hubspotPushedValues)
    .where(
      and(eq(hubspotPushedValues.objectType, objectType), inArray(hubspotPushedValues.recordId, recordIds)),
    );
  const pushed = new Map(previous.map((row) => [row.recordId, row]));
  const rejected = new Map(
    (await readRejections(args.db, objectType, recordIds)).map((row) => [row.recordId, row]),
  );

  const changed: RecordCreditValues[] = [];
  const inSync: string[] = [];
  let heldBack = 0;
  for (const record of current) {
    const last = pushed.get(record.id);
    if (last && last.hubspotId === record.crmId) {
      // A record HubSpot said is gone stays skipped until a sync gives it a new HubSpot id.
      if (last.goneAt) continue;
      if (sameValues(last.pushedValues, record.values)) {
        if (rejected.has(record.id)) inSync.push(record.id);
        continue;
      }
    }
    const refusal = rejected.get(record.id);
    if (refusal && refusal.hubspotId === record.crmId && sameValues(refusal.refusedValues, record.values)) {
      heldBack++;
      continue;
    }
    changed.push(record);
  }
  // Values back to what HubSpot holds: an earlier refusal of other values no longer matters.
  await clearRejections(args.db, objectType, inSync);
  if (changed.length === 0) {
    return { sent: 0, unchanged: current.length - heldBack, gone: 0, refused: heldBack };
  }

  const result = await args.crm.updateCredit(
    objectType,
    changed.map((record) => ({ crmId: record.crmId, values: record.values })),
  );
  const updated = new Set(result.updated);
  const missing = new Set(result.missing);
  const refusals = new Map(result.refused.map((refusal) => [refusal.crmId, refusal]));
  const taken = changed.filter((record) => updated.has(record.crmId) || missing.has(record.crmId));
  const refused = changed.flatMap((record) => {
    const refusal = refusals.get(record.crmId);
    return refusal ? [{ record, refusal }] : [];
  });
  await args.db.transaction(async (tx) => {
    await rememberPushed(
      tx,
      taken.map((record) => ({
        objectType,
        recordId: record.id,
        hubspotId: record.crmId,
        pushedValues: record.values,
        goneAt: missing.has(record.crmId) ? args.now : null,
        pushedAt: args.now,
      })),
    );
    await clearRejections(
      tx,
      objectType,
      taken.map((record) => record.id),
    );
    await recordRejections(
      tx,
      refused.map(({ record, refusal }) => ({
        objectType,
        recordId: record.id,
        hubspotId: record.crmId,
        refusedValues: record.values,
        properties: refusal.properties,
        category: refusal.category,
        message: refusal.message,
        rejectedAt: args.now,
      })),
    );
  });
  if (result.unsettled.length > 0) {
    throw new DeliveryError(
      `HubSpot settled ${changed.length - result.unsettled.length} of ${changed.length} records; ` +
        `trying again: ${result.unsettled.slice(0, 3).join(', ')}`,
      true,
    );
  }
  return {
    sent: taken.length - missing.size,
    unchanged: current.length - changed.length - heldBack,
    gone: missing.size,
    refused: refused.length + heldBack,
  };
}

async function rememberPushed(db: Db, rows: (typeof hubspotPushedValues.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(hubspotPushedValues)
    .values(rows)
    .onConflictDoUpdate({
      target: [hubspotPushedValues.objectType, hubspotPushedValues.recordId],
      set: {
        hubspotId: sql`excluded.hubspot_id`,
        pushedValues: sql`excluded.pushed_values`,
        goneAt: sql`excluded.gone_at`,
        pushedAt: sql`excluded.pushed_at`,
      },
    });
}
