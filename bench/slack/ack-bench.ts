// Signed button clicks on POST /slack/events under 100 connections, against a bare Hono route on the
// same machine. The click is "Log promise to pay": verify, parse, dispatch through Bolt, ack; the modal
// (a database read and views.open on a local fake Slack) happens after the ack.

import { type ServerType, serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Database } from '../../src/db/types.ts';
import { slackSignature } from '../../src/integrations/slack/signature.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export interface AckBenchResult {
  connections: number;
  durationSeconds: number;
  rounds: number;
  /** As many clicks as the server takes (closed loop): throughput, and latency under saturation. */
  slack: LoadResult[];
  bare: LoadResult[];
  /** A steady offered load well below saturation: the time to ack a click. */
  steadyRate: number;
  slackSteady: LoadResult[];
  bareSteady: LoadResult[];
}

/** Waits until the fake Slack has seen no new call for a second (background work has caught up). */
async function drained(calls: () => number): Promise<void> {
  let last = -1;
  while (calls() !== last) {
    last = calls();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

async function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  overallRate?: number,
): Promise<LoadResult> {
  // The load generator runs in its own worker thread, so it does not share the server's event loop.
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: 100,
    duration: seconds,
    workers: 1,
    ...(overallRate ? { overallRate } : {}),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

export async function ackBench(
  database: Database,
  config: Config,
  target: { companyId: string; invoiceId: string },
  options: { seconds: number; rounds: number; steadyRate: number },
  slackCalls: () => number,
  progress: (step: string) => void,
): Promise<AckBenchResult> {
  const app = createApp({
    config,
    db: database.db,
    driver: database.driver,
    logger: silentLogger,
    clock: systemClock,
  });
  const bare = new Hono();
  bare.post('/slack/events', (c) => c.body(null, 200));
  const slackServer = await listen(app.fetch);
  const bareServer = await listen(bare.fetch);

  const body = new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: 'UB1' },
      team: { id: 'T1' },
      trigger_id: '1.2.bench',
      channel: { id: 'DB1' },
      response_url: `${config.SLACK_API_URL}response`,
      actions: [
        {
          type: 'button',
          action_id: 'collections.log_promise',
          block_id: 'b',
          value: JSON.stringify(target),
          action_ts: '1',
        },
      ],
    }),
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': await slackSignature(config.SLACK_SIGNING_SECRET ?? '', timestamp, body),
  };

  const result: AckBenchResult = {
    connections: 100,
    durationSeconds: options.seconds,
    rounds: options.rounds,
    slack: [],
    bare: [],
    steadyRate: options.steadyRate,
    slackSteady: [],
    bareSteady: [],
  };
  progress('warm-up');
  await load(`${slackServer.url}/slack/events`, body, headers, 2);
  await load(`${bareServer.url}/slack/events`, body, headers, 2);
  await drained(slackCalls);
  for (let round = 1; round <= options.rounds; round++) {
    progress(`round ${round}/${options.rounds}: POST /slack/events at ${options.steadyRate} clicks/s`);
    result.slackSteady.push(
      await load(`${slackServer.url}/slack/events`, body, headers, options.seconds, options.steadyRate),
    );
    await drained(slackCalls);
    progress(`round ${round}/${options.rounds}: bare Hono route at ${options.steadyRate} requests/s`);
    result.bareSteady.push(
      await load(`${bareServer.url}/slack/events`, body, headers, options.seconds, options.steadyRate),
    );
    progress(`round ${round}/${options.rounds}: bare Hono route`);
    result.bare.push(await load(`${bareServer.url}/slack/events`, body, headers, options.seconds));
    progress(`round ${round}/${options.rounds}: POST /slack/events`);
    result.slack.push(await load(`${slackServer.url}/slack/events`, body, headers, options.seconds));
    // The modals queued behind a saturated run finish before the next measurement starts.
    await drained(slackCalls);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  slackServer.server.close();
  bareServer.server.close();
  return result;
}
