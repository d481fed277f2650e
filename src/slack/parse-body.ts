// Slack sends three body shapes to one URL: JSON (Events API), form fields (slash commands) and a form
// field `payload` holding JSON (interactivity). This turns each into the object Bolt expects, or says
// why a signed body can never be processed (not parseable, text Postgres cannot store, an event
// envelope without an id or an event object), so the route can acknowledge it and keep it as rejected.

import { z } from 'zod';
import { findJsonProblem, isStorableText, safeText } from '../lib/safe-input.ts';

const envelope = z.looseObject({ type: safeText(100).optional() });
export type SlackBody = z.infer<typeof envelope>;

/** Slack's payloads (messages with blocks, views with state) nest about a dozen levels at most. */
const MAX_SLACK_DEPTH = 32;

/** An Events API delivery: the event id is the inbox key, and the event must be an object with a type. */
const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event_id: safeText(255, 1),
  event: z.looseObject({ type: safeText(100, 1) }),
});

export type SlackRead =
  | { ok: true; body: SlackBody }
  | {
      ok: false;
      reason: string;
      /** What came, for the record: the raw body (always printable, whatever it holds). */
      payload: string;
      /** The Events API id, when it is usable as an inbox key: a retry then finds the rejected row. */
      eventId?: string;
    };

function parse(rawBody: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload);
    return Object.fromEntries(form.entries());
  }
  return JSON.parse(rawBody);
}

const describe = (issues: z.core.$ZodIssue[]) =>
  issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');

export function readSlackBody(rawBody: string, contentType: string | undefined): SlackRead {
  let parsed: unknown;
  try {
    parsed = parse(rawBody, contentType);
  } catch {
    return { ok: false, reason: 'the body could not be parsed', payload: rawBody };
  }
  const unstorable = findJsonProblem(parsed, MAX_SLACK_DEPTH);
  const eventId = (parsed as { event_id?: unknown } | null)?.event_id;
  const usableId = typeof eventId === 'string' && eventId.length <= 255 && isStorableText(eventId);
  const withId = usableId && eventId ? { eventId } : {};
  if (unstorable) {
    const at = unstorable.path.join('.') || '(body)';
    return { ok: false, reason: `${at}: ${unstorable.message}`, payload: rawBody, ...withId };
  }
  const body = envelope.safeParse(parsed);
  if (!body.success) return { ok: false, reason: describe(body.error.issues), payload: rawBody };
  if (body.data.type === 'event_callback') {
    const delivery = eventCallback.safeParse(parsed);
    if (!delivery.success) {
      return { ok: false, reason: describe(delivery.error.issues), payload: rawBody, ...withId };
    }
  }
  return { ok: true, body: body.data };
}

/** The key Slack retries carry unchanged: the Events API event id. Other kinds are never retried. */
export function deliveryKey(body: SlackBody): string | undefined {
  if (body.type !== 'event_callback') return undefined;
  const id = (body as { event_id?: unknown }).event_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
