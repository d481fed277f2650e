// POST /slack/events: the one URL for every Slack request. Verifies the signature over the raw body,
// keeps bodies that can never be processed as rejected (acknowledged, so Slack does not retry them),
// answers ssl_check and url_verification itself, drops retried event deliveries through the inbox,
// and hands the rest to Bolt.

import { type Context, Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { UnauthorizedError } from '../domain/errors.ts';
import type { HonoEnv } from '../http/env.ts';
import { verifySlackSignature } from '../integrations/slack/signature.ts';
import type { SlackBolt } from './bolt-app.ts';
import { claimSlackDelivery, finishSlackDelivery, recordRejectedSlackDelivery } from './inbox.ts';
import { deliveryKey, readSlackBody } from './parse-body.ts';
import { ackFinished, ackStarted, dispatchToBolt } from './receiver.ts';

export function slackRoutes(deps: AppDeps, slack: SlackBolt, signingSecret: string) {
  const router = new Hono<HonoEnv>();
  router.post('/slack/events', async (c) => {
    ackStarted();
    try {
      return await handle(c);
    } finally {
      ackFinished();
    }
  });

  async function handle(c: Context<HonoEnv>): Promise<Response> {
    const rawBody = await c.req.text();
    const verdict = await verifySlackSignature(
      signingSecret,
      {
        timestamp: c.req.header('x-slack-request-timestamp'),
        signature: c.req.header('x-slack-signature'),
        rawBody,
      },
      deps.clock.now(),
    );
    if (verdict !== 'valid') throw new UnauthorizedError(`Slack signature rejected: ${verdict}`);

    const read = readSlackBody(rawBody, c.req.header('content-type'));
    if (!read.ok) {
      // Signed by Slack but never processable: acknowledged, so Slack does not retry it, and kept.
      c.get('logger').warn({ reason: read.reason, eventId: read.eventId }, 'Slack request rejected');
      await recordRejectedSlackDelivery(deps.db, read, deps.clock.now());
      return c.body(null, 200);
    }
    const { body } = read;
    if ((body as { ssl_check?: unknown }).ssl_check === '1') return c.body(null, 200);
    if (body.type === 'url_verification') {
      return c.json({ challenge: String((body as { challenge?: unknown }).challenge ?? '') });
    }

    const key = deliveryKey(body);
    if (key && !(await claimSlackDelivery(deps.db, key, body, deps.clock.now()))) {
      c.get('logger').info(
        { eventId: key, retryNum: c.req.header('x-slack-retry-num') },
        'duplicate delivery',
      );
      return c.body(null, 200);
    }

    const retryHeader = c.req.header('x-slack-retry-num');
    const { response, done } = dispatchToBolt(slack.app, body, {
      num: retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined,
      reason: c.req.header('x-slack-retry-reason'),
    });
    const finished = done.then(async () => {
      if (!key) return;
      const failure = slack.failures.get(body);
      await finishSlackDelivery(deps.db, key, deps.clock.now(), failure ? String(failure) : undefined);
    });
    keepAlive(c, finished, deps);
    return response;
  }
  return router;
}

/** On Workers the isolate must be told to wait for work after the response; Node simply carries on. */
function keepAlive(
  c: { executionCtx: { waitUntil(promise: Promise<unknown>): void } },
  work: Promise<void>,
  deps: AppDeps,
) {
  const guarded = work.catch((error: unknown) =>
    deps.logger.error({ err: error }, 'slack processing failed'),
  );
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // No execution context outside Workers.
  }
}
