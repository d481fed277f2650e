// The records HubSpot refused on write-back, kept so the same values are not sent again and so an
// admin can see why (GET /api/v1/hubspot/write-back/rejections).

import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hubspotWriteRejections } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { CreditObjectType } from '../../integrations/crm.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

export type WriteRejection = typeof hubspotWriteRejections.$inferSelect;

export function readRejections(db: Db, objectType: CreditObjectType, recordIds: readonly string[]) {
  if (recordIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(hubspotWriteRejections)
    .where(
      and(
        eq(hubspotWriteRejections.objectType, objectType),
        inArray(hubspotWriteRejections.recordId, [...recordIds]),
      ),
    );
}

export async function recordRejections(db: Db, rows: WriteRejection[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(hubspotWriteRejections)
    .values(rows)
    .onConflictDoUpdate({
      target: [hubspotWriteRejections.objectType, hubspotWriteRejections.recordId],
      set: {
        hubspotId: sql`excluded.hubspot_id`,
        refusedValues: sql`excluded.refused_values`,
        properties: sql`excluded.properties`,
        category: sql`excluded.category`,
        message: sql`excluded.message`,
        rejectedAt: sql`excluded.rejected_at`,
      },
    });
}

/** Forgets refusals of records HubSpot now holds the current values of. */
export async function clearRejections(
  db: Db,
  objectType: CreditObjectType,
  recordIds: readonly string[],
): Promise<void> {
  if (recordIds.length === 0) return;
  await db
    .delete(hubspotWriteRejections)
    .where(
      and(
        eq(hubspotWriteRejections.objectType, objectType),
        inArray(hubspotWriteRejections.recordId, [...recordIds]),
      ),
    );
}

export const listRejectionsInput = z.object({
  objectType: z.enum(['company', 'deal']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Current refusals, newest first. */
export async function listWriteRejections({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const query = parseInput(listRejectionsInput, input);
  const where = query.objectType ? eq(hubspotWriteRejections.objectType, query.objectType) : undefined;
  const rows = await ctx.db
    .select()
    .from(hubspotWriteRejections)
    .where(where)
    .orderBy(desc(hubspotWriteRejections.rejectedAt), hubspotWriteRejections.recordId)
    .limit(query.limit + 1)
    .offset(query.offset);
  const more = rows.length > query.limit;
  return { rows: rows.slice(0, query.limit), nextOffset: more ? query.offset + query.limit : null };
}
