// Records each Events API delivery under its event id before it is acted on. A retry of a delivery that
// was processed, or is being processed right now, is acknowledged and dropped; a delivery that failed,
// or whose processing was abandoned (the process died), is taken up again; a rejected one never is.

import { and, eq, sql } from 'drizzle-orm';
import { inbox } from '../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import { toJsonSafe } from '../lib/json.ts';
import { rejectedInboxRow } from '../services/webhooks/rejected.ts';

const ABANDONED_AFTER_MS = 60_000;

export async function claimSlackDelivery(db: Db, key: string, payload: unknown, now: Date): Promise<boolean> {
  const abandonedBefore = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const rows = await db
    .insert(inbox)
    .values({ source: 'slack', key, payload: toJsonSafe(payload), receivedAt: now, attempts: 1 })
    .onConflictDoUpdate({
      target: [inbox.source, inbox.key],
      set: { attempts: sql`${inbox.attempts} + 1`, receivedAt: now, status: 'received', error: null },
      setWhere: sql`${inbox.status} = 'failed' or (${inbox.status} = 'received' and ${inbox.receivedAt} < ${abandonedBefore.toISOString()}::timestamptz)`,
    })
    .returning({ key: inbox.key });
  return rows.length === 1;
}

export async function finishSlackDelivery(db: Db, key: string, now: Date, error?: string): Promise<void> {
  await db
    .update(inbox)
    .set(
      error
        ? { status: 'failed', error: error.slice(0, 2_000), processedAt: now }
        : { status: 'processed', processedAt: now },
    )
    .where(and(eq(inbox.source, 'slack'), eq(inbox.key, key), eq(inbox.status, 'received')));
}

/**
 * Keeps a signed request that can never be processed as 'rejected', under its event id when it has a
 * usable one (a retry then finds the row and is dropped), else under a digest of the body.
 */
export async function recordRejectedSlackDelivery(
  db: Db,
  rejected: { payload: string; reason: string; eventId?: string },
  now: Date,
): Promise<void> {
  const row = await rejectedInboxRow('slack', rejected.payload, rejected.reason, now, rejected.eventId);
  await db.insert(inbox).values(row).onConflictDoNothing();
}
