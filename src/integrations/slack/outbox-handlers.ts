// Delivers queued Slack effects: chat.postMessage and chat.update. Each channel is paced to about one
// message per second; 429 (with Retry-After), 5xx and network failures are retried by the dispatcher,
// any other error is final. After a post, the message ts is written where it is needed later.

import { ErrorCode, type WebClient } from '@slack/web-api';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../../config/schema.ts';
import { dunningAlerts, grievances } from '../../db/schema/index.ts';
import type { JsonValue } from '../../lib/json.ts';
import { TARGETS } from '../../services/outbox/effects.ts';
import { DeliveryError, type DeliveryMeta, type OutboxHandlers } from '../../services/outbox/handlers.ts';
import { deliveryClient } from './web-client.ts';

const RETRYABLE_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);
const PER_CHANNEL_INTERVAL_MS = 1_100;

const message = z.object({
  channel: z.string().min(1),
  text: z.string(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  threadTs: z.string().optional(),
  record: z
    .union([z.object({ dunningAlertIds: z.array(z.uuid()) }), z.object({ grievanceId: z.uuid() })])
    .optional(),
});
const update = message.extend({ ts: z.string().min(1) });

export function slackOutboxHandlers(
  config: Config,
  client: WebClient = deliveryClient(config),
): OutboxHandlers {
  return {
    [TARGETS.slackPost]: {
      minIntervalMs: PER_CHANNEL_INTERVAL_MS,
      async deliver(payload, meta) {
        const post = parsePayload(message, payload);
        const result = await call(() =>
          client.chat.postMessage({
            channel: post.channel,
            text: post.text,
            ...(post.blocks ? { blocks: post.blocks as never } : {}),
            ...(post.threadTs ? { thread_ts: post.threadTs } : {}),
            unfurl_links: false,
          }),
        );
        const channel = typeof result.channel === 'string' ? result.channel : post.channel;
        const ts = typeof result.ts === 'string' ? result.ts : undefined;
        if (ts && post.record) await remember(meta, post.record, channel, ts);
        return { channel, ts: ts ?? null } satisfies JsonValue;
      },
    },
    [TARGETS.slackUpdate]: {
      minIntervalMs: PER_CHANNEL_INTERVAL_MS,
      async deliver(payload) {
        const edit = parsePayload(update, payload);
        const result = await call(() =>
          client.chat.update({
            channel: edit.channel,
            ts: edit.ts,
            text: edit.text,
            ...(edit.blocks ? { blocks: edit.blocks as never } : {}),
          }),
        );
        return { channel: edit.channel, ts: typeof result.ts === 'string' ? result.ts : edit.ts };
      },
    },
  };
}

function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new DeliveryError(`malformed Slack payload: ${parsed.error.message}`, false);
  return parsed.data;
}

async function remember(
  meta: DeliveryMeta,
  record: { dunningAlertIds: string[] } | { grievanceId: string },
  channel: string,
  ts: string,
) {
  if ('grievanceId' in record) {
    await meta.db
      .update(grievances)
      .set({ slackChannel: channel, slackThreadTs: ts, updatedAt: meta.now })
      .where(eq(grievances.id, record.grievanceId));
    return;
  }
  if (record.dunningAlertIds.length === 0) return;
  await meta.db
    .update(dunningAlerts)
    .set({
      slackChannel: channel,
      slackTs: ts,
      status: sql`case when ${dunningAlerts.status} = 'queued' then 'sent' else ${dunningAlerts.status} end`,
    })
    .where(sql`${dunningAlerts.id} = any(${`{${record.dunningAlertIds.join(',')}}`}::uuid[])`);
}

/** Maps the SDK's errors onto retry decisions. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classify(error);
  }
}

export function classify(error: unknown): DeliveryError {
  const coded = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  const text = error instanceof Error ? error.message : String(error);
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(
        `Slack rate limited: ${text}`,
        true,
        Math.max(1, coded.retryAfter ?? 1) * 1000,
      );
    case ErrorCode.HTTPError:
      return new DeliveryError(`Slack HTTP ${coded.statusCode}: ${text}`, (coded.statusCode ?? 0) >= 500);
    case ErrorCode.RequestError:
      return new DeliveryError(`Slack unreachable: ${text}`, true);
    case ErrorCode.PlatformError:
      return new DeliveryError(
        `Slack refused: ${coded.data?.error ?? text}`,
        RETRYABLE_PLATFORM_ERRORS.has(coded.data?.error ?? ''),
      );
    default:
      // Not a Slack or network failure (the client wraps those): a bug or bad payload that a retry
      // would only repeat. It becomes a dead letter with its message, visible in `outbox list`.
      return new DeliveryError(text, false);
  }
}
