// Admin verbs over the outbox: look at rows (dead letters especially) and send them again.

import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type OutboxStatus, outbox } from '../../db/schema/index.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

export const listOutboxInput = z.object({
  status: z.enum(['pending', 'delivering', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Rows with an id below this one (the previous page's last id). */
  before: z.coerce.bigint().optional(),
});

export async function listOutbox({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const query = parseInput(listOutboxInput, input);
  const conditions = [
    query.status ? eq(outbox.status, query.status as OutboxStatus) : undefined,
    query.before ? lt(outbox.id, query.before) : undefined,
  ].filter((condition) => condition !== undefined);
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(outbox.id))
    .limit(query.limit);
  return { rows, nextBefore: rows.length === query.limit ? rows.at(-1)?.id : undefined };
}

export const retryOutboxInput = z.union([
  z.object({ ids: z.array(z.coerce.bigint()).min(1).max(1_000) }),
  z.object({ allDead: z.literal(true) }),
]);

/** Puts dead letters back in the queue with a fresh attempt budget. Returns the ids requeued. */
export async function retryOutbox({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'requeue outbox rows');
  const request = parseInput(retryOutboxInput, input);
  return ctx.db.transaction(async (tx) => {
    const selector = 'ids' in request ? inArray(outbox.id, request.ids) : sql`true`;
    const requeued = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: ctx.now, leaseUntil: null })
      .where(and(selector, eq(outbox.status, 'dead')))
      .returning({ id: outbox.id, target: outbox.target });
    if ('ids' in request && requeued.length === 0) {
      throw new NotFoundError('None of those outbox rows is a dead letter', { ids: request.ids.map(String) });
    }
    for (const row of requeued) {
      await recordAudit(tx, ctx, {
        action: 'outbox.retry',
        entityType: 'outbox',
        entityId: row.id.toString(),
        before: { status: 'dead' },
        after: { status: 'pending', target: row.target },
      });
    }
    return requeued.map((row) => row.id);
  });
}
