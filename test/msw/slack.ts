// A fake Slack Web API for tests, at the HTTP layer: it records every call, issues single-use trigger
// ids that expire after 3 s (views.open), answers response_url posts, and can be told to fail the next
// calls of a method (429 with Retry-After, 5xx, or an `ok: false` error).

import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

export const SLACK_API_URL = 'https://slack.test/api/';
export const RESPONSE_URL_BASE = 'https://hooks.slack.test/actions';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

type Failure = { status: number; headers?: Record<string, string>; body?: Record<string, unknown> };

export class SlackFake {
  readonly calls: SlackCall[] = [];
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  private readonly triggers = new Map<string, number>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly gates = new Map<string, Promise<void>>();
  private sequence = 1_000;
  now: () => number = () => Date.now();

  readonly server = setupServer(
    http.post(`${SLACK_API_URL}:method`, async ({ request, params }) => {
      const method = String(params.method);
      const args = await readArgs(request);
      this.calls.push({ method, args });
      await this.gates.get(method);
      const failure = this.failures.get(method)?.shift();
      if (failure) return HttpResponse.json(failure.body ?? { ok: false, error: 'ratelimited' }, failure);
      return HttpResponse.json(this.answer(method, args));
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
