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

/** Listener work still running after its response went out (slow work after the ack). */
const unfinished = new Set<Promise<void>>();

/** Resolves once every Slack request taken so far has finished its work (shutdown, tests). */
export async function slackWorkSettled(): Promise<void> {
  while (unfinished.size > 0) await Promise.allSettled([...unfinished]);
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
  unfinished.add(done);
  done.then(
    () => unfinished.delete(done),
    () => unfinished.delete(done),
  );
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

/** Slow work after acks runs a few at a time, so a burst of clicks is acknowledged before it is served. */
const AFTER_ACK_CONCURRENCY = 4;
/** Slow work waits for pending acks at most this long (trigger ids expire 3 s after the click). */
const MAX_DEFER_MS = 250;
let running = 0;
const waiting: (() => void)[] = [];
let acksPending = 0;
let idleWaiters: (() => void)[] = [];

/** The route counts requests between arrival and response, so slow work can give way to them. */
export function ackStarted(): void {
  acksPending += 1;
}

export function ackFinished(): void {
  acksPending = Math.max(0, acksPending - 1);
  if (acksPending > 0) return;
  const ready = idleWaiters;
  idleWaiters = [];
  for (const resolve of ready) resolve();
}

/**
 * Listeners run their slow work through this right after ack(). The work waits until the requests
 * that already arrived have been acknowledged (Slack's 3-second clock runs for each of them), then for
 * a free slot.
 */
export async function afterAck(work: () => Promise<void>): Promise<void> {
  const release = await slot();
  try {
    await work();
  } finally {
    release();
  }
}

async function slot(): Promise<() => void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (acksPending > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_DEFER_MS);
      idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (running >= AFTER_ACK_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running -= 1;
    waiting.shift()?.();
  };
}
