// A fake Slack Web API for tests, at the HTTP layer: it records every call, issues single-use trigger
// ids that expire after 3 s (views.open), answers response_url posts, and can be told to fail the next
// calls of a method (429 with Retry-After, 5xx, or an `ok: false` error).
// It is as strict as Slack about scopes: the token carries exactly the bot scopes manifest.json asks for
// (or those a test gives it), a method called without its scope answers `missing_scope` with `needed`
// and `provided`, and every answer carries the token's scopes in `x-oauth-scopes`.

import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

export const SLACK_API_URL = 'https://slack.test/api/';
export const RESPONSE_URL_BASE = 'https://hooks.slack.test/actions';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

type Failure = { status: number; headers?: Record<string, string>; body?: Record<string, unknown> };

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  oauth_config: { scopes: { bot: string[] } };
};
/** The bot scopes an app installed from manifest.json gets. */
export const MANIFEST_BOT_SCOPES: readonly string[] = manifest.oauth_config.scopes.bot;

/**
 * The scopes Slack documents for each method the fake answers, written down here on their own (not
 * taken from the app's table), so a method the app calls without declaring its scope fails in tests.
 * conversations.info is decided per channel: channels:read for public, groups:read for private.
 */
const DOCUMENTED_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
};

export interface FakeChannel {
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  botIsMember?: boolean;
}

export interface SlackFakeOptions {
  /** The scopes the bot token carries; default: exactly manifest.json's bot scopes. */
  scopes?: readonly string[];
}

export class SlackFake {
  readonly calls: SlackCall[] = [];
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  private readonly triggers = new Map<string, number>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly gates = new Map<string, Promise<void>>();
  private sequence = 1_000;
  now: () => number = () => Date.now();
  /** The bot token's scopes; tests may change them. */
  scopes: string[];
  /** Workspace members by email, for users.lookupByEmail. */
  readonly users = new Map<string, { id: string; tz?: string }>();
  /** Channels by id, for conversations.info. */
  readonly channels = new Map<string, FakeChannel>();
  team = 'Acme Test';
  botUserId = 'U0CREDITBOT';

  constructor(options: SlackFakeOptions = {}) {
    this.scopes = [...(options.scopes ?? MANIFEST_BOT_SCOPES)];
  }

  readonly server = setupServer(
    http.post(`${SLACK_API_URL}:method`, async ({ request, params }) => {
      const method = String(params.method);
      const args = await readArgs(request);
      this.calls.push({ method, args });
      await this.gates.get(method);
      const failure = this.failures.get(method)?.shift();
      if (failure) return HttpResponse.json(failure.body ?? { ok: false, error: 'ratelimited' }, failure);
      const headers = { 'x-oauth-scopes': this.scopes.join(',') };
      const needed = this.neededScopes(method, args).filter((scope) => !this.scopes.includes(scope));
      if (needed.length > 0) {
        return HttpResponse.json(
          { ok: false, error: 'missing_scope', needed: needed.join(','), provided: this.scopes.join(',') },
          { headers },
        );
      }
      return HttpResponse.json(this.answer(method, args), { headers });
    }),
    http.post(`${RESPONSE_URL_BASE}/*`, async ({ request }) => {
      this.responses.push({ url: request.url, body: (await request.json()) as Record<string, unknown> });
      return HttpResponse.json({ ok: true });
    }),
  );

  /** A trigger id Slack would put in an interaction payload; valid for 3 s, once. */
  issueTrigger(): string {
    const id = `${this.sequence++}.1.${Math.random().toString(16).slice(2)}`;
    this.triggers.set(id, this.now());
    return id;
  }

  /** Holds every call of `method` until the returned function is called (a slow Slack). */
  hold(method: string): () => void {
    let release: () => void = () => {};
    this.gates.set(
      method,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.gates.delete(method);
      release();
    };
  }

  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.failures.clear();
  }

  private neededScopes(method: string, args: Record<string, unknown>): readonly string[] {
    if (method === 'conversations.info') {
      return this.channels.get(String(args.channel ?? ''))?.isPrivate ? ['groups:read'] : ['channels:read'];
    }
    return DOCUMENTED_SCOPES[method] ?? [];
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const ts = `${Math.floor(this.now() / 1000)}.${String(this.sequence++).padStart(6, '0')}`;
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'chat.postMessage':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        // Posting to a user id lands in the DM with the bot, whose id starts with D.
        return {
          ok: true,
          channel: channel.startsWith('U') ? `D${channel.slice(1)}` : channel,
          ts,
          message: { text: args.text },
        };
      case 'chat.update':
        return { ok: true, channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'views.open':
      case 'views.push': {
        const issued = this.triggers.get(String(args.trigger_id));
        this.triggers.delete(String(args.trigger_id));
        if (issued === undefined) return { ok: false, error: 'invalid_trigger_id' };
        if (this.now() - issued > 3_000) return { ok: false, error: 'expired_trigger_id' };
        return { ok: true, view: { id: `V${this.sequence++}` } };
      }
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${this.sequence++}` } };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme-test.slack.com/',
          team: this.team,
          team_id: 'T0TEST',
          user: 'creditline',
          user_id: this.botUserId,
          bot_id: 'B0CREDIT',
        };
      case 'users.lookupByEmail': {
        const user = this.users.get(String(args.email ?? '').toLowerCase());
        return user
          ? { ok: true, user: { id: user.id, tz: user.tz ?? 'UTC', profile: { email: args.email } } }
          : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.info': {
        const found = this.channels.get(channel);
        // A private channel the bot is not in does not exist as far as the bot can tell.
        if (!found || (found.isPrivate && !found.botIsMember))
          return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: channel,
            name: found.name,
            is_channel: !found.isPrivate,
            is_group: false,
            is_private: Boolean(found.isPrivate),
            is_archived: Boolean(found.isArchived),
            is_member: Boolean(found.botIsMember),
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The Web API takes form fields (objects JSON-encoded inside) or a JSON body; accept both like Slack. */
async function readArgs(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (type.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
