// Records a verified HubSpot webhook batch in the inbox, one row per event under its unique key.
// Nothing else happens in the request: HubSpot gets its answer in milliseconds.

import { inbox } from '../../db/schema/index.ts';
import { eventKey, parseWebhookBatch } from '../../integrations/hubspot/webhook-events.ts';
import { toJsonSafe } from '../../lib/json.ts';
import type { ServiceContext } from '../context.ts';

export async function recordHubspotWebhook({ ctx, input }: { ctx: ServiceContext; input: { body: string } }) {
  const events = parseWebhookBatch(input.body);
  if (events.length === 0) return { received: 0, recorded: 0 };
  const rows = new Map(events.map((event) => [eventKey(event), event]));
  const inserted = await ctx.db
    .insert(inbox)
    .values(
      [...rows].map(([key, event]) => ({
        source: 'hubspot' as const,
        key,
        payload: toJsonSafe(event),
        receivedAt: ctx.now,
      })),
    )
    .onConflictDoNothing()
    .returning({ key: inbox.key });
  ctx.logger.info({ received: events.length, recorded: inserted.length }, 'HubSpot webhook batch recorded');
  return { received: events.length, recorded: inserted.length };
}
