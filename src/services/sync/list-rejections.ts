// Reads the records syncs and webhook re-reads set aside (sync_rejections), for the admin API: by object
// type and run, in a stable order (object type, then HubSpot id) with a cursor.

import { and, asc, count, eq, gt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { SYNC_REJECTED_OBJECTS, type SyncRejectedObject, syncRejections } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

const Cursor = z
  .string()
  .max(200)
  .transform((value, issue) => {
    const match = /^(owners|companies|contacts|deals|invoices):(.+)$/s.exec(value);
    if (!match?.[1] || !match[2]) {
      issue.addIssue({ code: 'custom', message: 'must be the `next` value of the previous page' });
      return z.NEVER;
    }
    return { objectType: match[1] as SyncRejectedObject, hubspotId: match[2] };
  });

export const ListRejectionsInput = z.object({
  objectType: z.enum(SYNC_REJECTED_OBJECTS).optional(),
  runId: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a sync run id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: Cursor.optional(),
});

export async function listSyncRejections({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const query = parseInput(ListRejectionsInput, input);
  const filters: (SQL | undefined)[] = [
    query.objectType ? eq(syncRejections.objectType, query.objectType) : undefined,
    query.runId ? eq(syncRejections.runId, BigInt(query.runId)) : undefined,
  ];
  const cursor = query.after
    ? or(
        gt(syncRejections.objectType, query.after.objectType),
        and(
          eq(syncRejections.objectType, query.after.objectType),
          gt(syncRejections.hubspotId, query.after.hubspotId),
        ),
      )
    : undefined;
  const rows = await ctx.db
    .select()
    .from(syncRejections)
    .where(and(...filters, cursor))
    .orderBy(asc(syncRejections.objectType), asc(syncRejections.hubspotId))
    .limit(query.limit);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(syncRejections)
    .where(and(...filters));
  const last = rows.at(-1);
  return {
    rows,
    total: total?.n ?? 0,
    next: rows.length === query.limit && last ? `${last.objectType}:${last.hubspotId}` : null,
  };
}
