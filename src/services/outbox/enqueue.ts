// Records an outward effect in the caller's transaction. The dispatcher delivers it later, so the
// effect happens if and only if the change that caused it commits.

import { outbox } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { type JsonValue, toJsonSafe } from '../../lib/json.ts';

export interface OutboxMessage {
  /** Name of the handler that delivers it, e.g. 'slack.chat.postMessage'. */
  target: string;
  payload: unknown;
  /** A second message with the same key is dropped: "alert this once" holds across reruns. */
  dedupeKey?: string;
  /** Messages with the same rate key are paced together (one Slack channel, one HubSpot portal). */
  rateKey?: string;
  /** Not delivered before this time; defaults to the enqueue time. */
  notBefore?: Date;
}

// Both times come from the caller's clock (the request or job time), never from a column default:
// the dispatcher compares them with the same injected clock, and two clocks disagree.
function row(message: OutboxMessage, now: Date) {
  return {
    target: message.target,
    payload: toJsonSafe(message.payload) as JsonValue,
    dedupeKey: message.dedupeKey ?? null,
    rateKey: message.rateKey ?? null,
    nextAttemptAt: message.notBefore ?? now,
    createdAt: now,
  };
}

/** Returns the new row's id, or null when a message with the same dedupe key already exists. */
export async function enqueue(tx: Queryable, now: Date, message: OutboxMessage): Promise<bigint | null> {
  const rows = await tx
    .insert(outbox)
    .values(row(message, now))
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows[0]?.id ?? null;
}

/** Many messages in few statements (a scan's digests): rows with an existing dedupe key are dropped. */
export async function enqueueBatch(
  tx: Queryable,
  now: Date,
  messages: readonly OutboxMessage[],
  chunk = 500,
): Promise<void> {
  for (let start = 0; start < messages.length; start += chunk) {
    const rows = messages.slice(start, start + chunk).map((message) => row(message, now));
    await tx.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey });
  }
}
