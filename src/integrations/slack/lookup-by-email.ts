// Slack users.lookupByEmail: a match, null for users_not_found, SlackMissingScopeError when the token
// lacks users:read.email (or users:read), UpstreamError for anything else. Retries live in callSlack.

import { UpstreamError } from '../../domain/errors.ts';
import { callSlack, type SlackCallOptions } from './api-call.ts';

export interface SlackUserMatch {
  id: string;
  timeZone: string | null;
}

export type SlackLookupOptions = SlackCallOptions;

export async function lookupSlackUserByEmail(
  options: SlackLookupOptions,
  email: string,
): Promise<SlackUserMatch | null> {
  const { body } = await callSlack(options, 'users.lookupByEmail', { email });
  const user = body.user as { id?: unknown; tz?: unknown } | undefined;
  if (body.ok && typeof user?.id === 'string') {
    return { id: user.id, timeZone: typeof user.tz === 'string' ? user.tz : null };
  }
  if (body.error === 'users_not_found') return null;
  throw new UpstreamError(`Slack users.lookupByEmail failed: ${body.error ?? 'unexpected answer'}`);
}
