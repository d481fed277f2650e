// The inbox row for an inbound delivery that can never be processed. It keeps an excerpt of what came
// (made storable: hostile text is why many are rejected) and the reason, under a key derived from the
// content, so the same delivery sent again is recorded once.

import type { inbox } from '../../db/schema/index.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { storableText } from '../../lib/safe-input.ts';

/** Enough of the input to see what it was; the full body is capped by the request size limit anyway. */
const EXCERPT_CHARS = 4_000;
const REASON_CHARS = 2_000;

function asText(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  try {
    return JSON.stringify(payload) ?? String(payload);
  } catch {
    // Nested too deep to print (the reason says so): the row still records that it came.
    return '(not printable)';
  }
}

export async function rejectedInboxRow(
  source: 'hubspot' | 'slack',
  payload: unknown,
  reason: string,
  now: Date,
  key?: string,
): Promise<typeof inbox.$inferInsert> {
  const text = asText(payload);
  return {
    source,
    key: key ?? `rejected:${await sha256Hex(text)}`,
    payload: { excerpt: storableText(text.slice(0, EXCERPT_CHARS)) },
    status: 'rejected',
    error: storableText(reason.slice(0, REASON_CHARS)),
    receivedAt: now,
    processedAt: now,
  };
}
