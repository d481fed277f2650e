// What the doctor asks Slack about the installation: who the token is and which scopes it carries
// (auth.test and its x-oauth-scopes header), and whether a channel exists with the bot in it.

import { callSlack, type SlackCallOptions } from './api-call.ts';

export type SlackIdentity =
  | { ok: true; team: string | null; botUserId: string | null; grantedScopes: string[] | null }
  | { ok: false; error: string };

export async function slackIdentity(options: SlackCallOptions): Promise<SlackIdentity> {
  const { body, grantedScopes } = await callSlack(options, 'auth.test', {});
  if (!body.ok) return { ok: false, error: body.error ?? 'unexpected answer' };
  return {
    ok: true,
    team: typeof body.team === 'string' ? body.team : null,
    botUserId: typeof body.user_id === 'string' ? body.user_id : null,
    grantedScopes,
  };
}

export type SlackChannelState =
  | { found: true; name: string | null; isPrivate: boolean; isArchived: boolean; botIsMember: boolean }
  | { found: false; error: string };

/** conversations.info as the bot sees it: a private channel the bot is not in is `channel_not_found`. */
export async function slackChannelState(
  options: SlackCallOptions,
  channel: string,
): Promise<SlackChannelState> {
  const { body } = await callSlack(options, 'conversations.info', { channel });
  const info = body.channel as Record<string, unknown> | undefined;
  if (!body.ok || !info) return { found: false, error: body.error ?? 'unexpected answer' };
  return {
    found: true,
    name: typeof info.name === 'string' ? info.name : null,
    isPrivate: info.is_private === true,
    isArchived: info.is_archived === true,
    botIsMember: info.is_member === true,
  };
}
