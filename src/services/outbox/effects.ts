// Typed constructors for the outward effects the product queues. Verbs call these inside their
// transaction; the adapters register handlers for the same target names.

import type { Queryable } from '../../db/types.ts';
import { enqueue, enqueueBatch, type OutboxMessage } from './enqueue.ts';

export const TARGETS = {
  slackPost: 'slack.chat.postMessage',
  slackUpdate: 'slack.chat.update',
  hubspotCreditPush: 'hubspot.credit.push',
  hubspotTask: 'hubspot.task.create',
} as const;

export interface SlackMessage {
  /** Channel id (C…, D…) or user id (U…) for a DM. */
  channel: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** What to write back once Slack returns the message ts (so the message can be updated or threaded). */
  record?: SlackMessageRecord;
}

export type SlackMessageRecord = { dunningAlertIds: string[] } | { grievanceId: string };

/** The outbox row of a Slack post, for callers that queue many at once (enqueueBatch). */
export function slackPostMessage(message: SlackMessage, dedupeKey?: string): OutboxMessage {
  return {
    target: TARGETS.slackPost,
    payload: message,
    rateKey: `slack:${message.channel}`,
    ...(dedupeKey ? { dedupeKey } : {}),
  };
}

/** Posts to Slack. Paced per channel (Slack allows about one message per second per channel). */
export function queueSlackPost(tx: Queryable, now: Date, message: SlackMessage, dedupeKey?: string) {
  return enqueue(tx, now, slackPostMessage(message, dedupeKey));
}

export function queueSlackUpdate(
  tx: Queryable,
  now: Date,
  message: SlackMessage & { ts: string },
  dedupeKey?: string,
) {
  return enqueue(tx, now, {
    target: TARGETS.slackUpdate,
    payload: message,
    rateKey: `slack:${message.channel}`,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

export const HUBSPOT_BATCH_LIMIT = 100;

/**
 * Asks for the credit properties of these records (our ids) to be pushed to HubSpot. The handler reads
 * the current values when it runs and sends only those that changed since the last push, in batches
 * of up to 100 records, so queueing the same id twice costs nothing.
 */
export function queueHubspotCreditPush(
  tx: Queryable,
  now: Date,
  objectType: 'company' | 'deal',
  ids: readonly string[],
) {
  const messages: OutboxMessage[] = [];
  for (let start = 0; start < ids.length; start += HUBSPOT_BATCH_LIMIT) {
    messages.push({
      target: TARGETS.hubspotCreditPush,
      payload: { objectType, ids: ids.slice(start, start + HUBSPOT_BATCH_LIMIT) },
      rateKey: 'hubspot',
    });
  }
  return enqueueBatch(tx, now, messages);
}

export interface HubspotTask {
  /** Our owner id; the handler maps it to the HubSpot owner. */
  ownerId: string | null;
  /** Our company id; the task is associated with its HubSpot company. */
  companyId: string;
  subject: string;
  body: string;
  dueAt: string;
}

export function hubspotTaskMessage(task: HubspotTask, dedupeKey: string): OutboxMessage {
  return { target: TARGETS.hubspotTask, payload: task, rateKey: 'hubspot', dedupeKey };
}

export function queueHubspotTask(tx: Queryable, now: Date, task: HubspotTask, dedupeKey: string) {
  return enqueue(tx, now, hubspotTaskMessage(task, dedupeKey));
}
