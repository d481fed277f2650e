// Records a verified HubSpot webhook batch in the inbox, one row per event under its unique key.
// Nothing else happens in the request: HubSpot gets its answer in milliseconds. Events that can never
// be processed (ids beyond 64 bits, text Postgres cannot store, a body that is not a batch) are recorded
// as 'rejected' with the reason and acknowledged, so HubSpot does not send them again.

import { inbox } from '../../db/schema/index.ts';
import { eventKey, parseWebhookBody } from '../../integrations/hubspot/webhook-events.ts';
import { toJsonSafe } from '../../lib/json.ts';
import type { ServiceContext } from '../context.ts';
import { rejectedInboxRow } from './rejected.ts';

export interface WebhookReceipt {
  /** Events in the body (a body that is not a batch counts as one). */
  received: number;
  /** Events newly recorded for processing (retries and duplicates are recorded once). */
  recorded: number;
  /** Events recorded as rejected: never processed, never retried. */
  rejected: number;
}

export async function recordHubspotWebhook({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { body: string };
}): Promise<WebhookReceipt> {
  const { events, rejected } = parseWebhookBody(input.body);
  const received = events.length + rejected.length;
  if (received === 0) return { received: 0, recorded: 0, rejected: 0 };
  const unique = new Map(events.map((event) => [eventKey(event), event]));
  const accepted = [...unique].map(([key, event]) => ({
    source: 'hubspot' as const,
    key,
    payload: toJsonSafe(event),
    receivedAt: ctx.now,
  }));
  const refused = await Promise.all(
    rejected.map((entry) => rejectedInboxRow('hubspot', entry.payload, entry.reason, ctx.now)),
  );
  const inserted = await ctx.db
    .insert(inbox)
    .values([...accepted, ...refused])
    .onConflictDoNothing()
    .returning({ key: inbox.key, status: inbox.status });
  if (rejected.length > 0) {
    ctx.logger.warn(
      { rejected: rejected.length, reasons: rejected.slice(0, 5).map((entry) => entry.reason) },
      'HubSpot webhook events rejected',
    );
  }
  const recorded = inserted.filter((row) => row.status === 'received').length;
  ctx.logger.info({ received, recorded, rejected: rejected.length }, 'HubSpot webhook batch recorded');
  return { received, recorded, rejected: rejected.length };
}
