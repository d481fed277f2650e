// Slack sends three body shapes to one URL: JSON (Events API), form fields (slash commands) and a form
// field `payload` holding JSON (interactivity). This turns each into the object Bolt expects.

import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';

const envelope = z.looseObject({ type: z.string().optional() });
export type SlackBody = z.infer<typeof envelope>;

export function parseSlackBody(rawBody: string, contentType: string | undefined): SlackBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(rawBody);
      const payload = form.get('payload');
      if (payload !== null) return envelope.parse(JSON.parse(payload));
      return envelope.parse(Object.fromEntries(form.entries()));
    }
    return envelope.parse(JSON.parse(rawBody));
  } catch {
    throw new ValidationError('The Slack request body could not be parsed');
  }
}

/** The key Slack retries carry unchanged: the Events API event id. Other kinds are never retried. */
export function deliveryKey(body: SlackBody): string | undefined {
  if (body.type !== 'event_callback') return undefined;
  const id = (body as { event_id?: unknown }).event_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
