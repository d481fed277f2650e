// Delivers a 'hubspot.credit.push' outbox row: reads current credit values for up to 100 records,
// keeps those that differ from what HubSpot last accepted, sends them in one batch update, and
// remembers what was sent. Records HubSpot no longer has are marked gone, never failing the batch.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hubspotPushedValues } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Crm } from '../../integrations/crm.ts';
import { HUBSPOT_BATCH_LIMIT } from '../outbox/effects.ts';
import { DeliveryError } from '../outbox/handlers.ts';
import { parseInput } from '../validate.ts';
import { readCreditValues, sameValues } from './credit-values.ts';

export const CreditPushPayload = z.object({
  objectType: z.enum(['company', 'deal']),
  ids: z.array(z.uuid()).min(1).max(HUBSPOT_BATCH_LIMIT),
});

export interface CreditPushResult {
  sent: number;
  unchanged: number;
  gone: number;
}

export async function pushCreditValues(args: {
  db: Db;
  crm: Crm;
  now: Date;
  payload: unknown;
}): Promise<CreditPushResult> {
  const { objectType, ids } = parseInput(CreditPushPayload, args.payload);
  const current = await readCreditValues(args.db, objectType, ids);
  if (current.length === 0) return { sent: 0, unchanged: 0, gone: 0 };
  const previous = await args.db
    .select()
    .from(hubspotPushedValues)
    .where(
      and(
        eq(hubspotPushedValues.objectType, objectType),
        inArray(
          hubspotPushedValues.recordId,
          current.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(previous.map((row) => [row.recordId, row]));
  const changed = current.filter((record) => {
    const last = byId.get(record.id);
    if (!last || last.hubspotId !== record.crmId) return true;
    // A record HubSpot said is gone stays skipped until a sync gives it a new HubSpot id.
    if (last.goneAt) return false;
    return !sameValues(last.pushedValues, record.values);
  });
  if (changed.length === 0) return { sent: 0, unchanged: current.length, gone: 0 };

  const result = await args.crm.updateCredit(
    objectType,
    changed.map((record) => ({ crmId: record.crmId, values: record.values })),
  );
  const missing = new Set(result.missing);
  const confirmed = new Set([...result.updated, ...result.missing]);
  // Only what HubSpot took (or says it no longer has) is remembered; refused records stay "changed".
  const rows = changed
    .filter((record) => confirmed.has(record.crmId))
    .map((record) => ({
      objectType,
      recordId: record.id,
      hubspotId: record.crmId,
      pushedValues: record.values,
      goneAt: missing.has(record.crmId) ? args.now : null,
      pushedAt: args.now,
    }));
  if (rows.length > 0) await rememberPushed(args.db, rows);
  if (result.refused.length > 0) {
    const sample = result.refused
      .slice(0, 3)
      .map((entry) => `${entry.crmId} (${entry.reason})`)
      .join('; ');
    throw new DeliveryError(
      `HubSpot refused ${result.refused.length} of ${changed.length} records: ${sample}`,
      true,
    );
  }
  return {
    sent: changed.length - missing.size,
    unchanged: current.length - changed.length,
    gone: missing.size,
  };
}

async function rememberPushed(db: Db, rows: (typeof hubspotPushedValues.$inferInsert)[]): Promise<void> {
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
