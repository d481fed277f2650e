// Our own Bolt receiver: Bolt does not listen on a port; the Hono route hands it each verified request
// through `app.processEvent` and turns Bolt's ack into the HTTP response. Slack wants that response
// within 3 seconds; listeners ack first and their slow work continues after the response is sent.

import type { App, Receiver } from '@slack/bolt';
import type { SlackBody } from './parse-body.ts';

/** Answer by this time even if no listener acked (Slack gives up at 3 s and retries events). */
export const ACK_DEADLINE_MS = 2_500;

export class HonoReceiver implements Receiver {
  init(_app: App): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export interface Dispatched {
  /** The HTTP response Slack gets: built from the first ack, or empty when nothing acked. */
  response: Promise<Response>;
  /** Resolves when every listener has finished, after the response if they do slow work. */
  done: Promise<void>;
}

export function dispatchToBolt(
  app: App,
  body: SlackBody,
  retry: { num?: number | undefined; reason?: string | undefined },
  deadlineMs = ACK_DEADLINE_MS,
): Dispatched {
  let answer: (response: Response) => void = () => {};
  const response = new Promise<Response>((resolve) => {
    answer = resolve;
  });
  const timer = setTimeout(() => answer(new Response(null, { status: 200 })), deadlineMs);
  const ack = async (reply?: unknown) => {
    clearTimeout(timer);
    answer(ackResponse(reply));
  };
  const done = app
    .processEvent({
      body,
      ack,
      ...(retry.num !== undefined ? { retryNum: retry.num } : {}),
      ...(retry.reason ? { retryReason: retry.reason } : {}),
    })
    .finally(() => {
      // A request no listener acknowledged still gets its 200, as soon as we know nobody will.
      clearTimeout(timer);
      answer(new Response(null, { status: 200 }));
    });
  return { response, done };
}

function ackResponse(reply: unknown): Response {
  if (reply === undefined || reply === null || reply === '') return new Response(null, { status: 200 });
  if (typeof reply === 'string') {
    return new Response(reply, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return new Response(JSON.stringify(reply), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
