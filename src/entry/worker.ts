// Cloudflare Workers entry: the same app and the same schedule table, over Postgres through Hyperdrive.
// Each request or cron fire opens its own connection (Hyperdrive pools them) and closes it afterwards.
// Workers do not migrate: run `npx creditline migrate` against the database before deploying.

import { createApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { openPostgres } from '../db/client.ts';
import type { Database } from '../db/types.ts';
import type { AppDeps } from '../deps.ts';
import { buildOutboxHandlers } from '../integrations/outbox-handlers.ts';
import { fireCron } from '../jobs/runner.ts';
import { schedule } from '../jobs/schedule.ts';
import { systemClock } from '../lib/clock.ts';
import { createLogger } from '../lib/logger.ts';
import { OutboxDispatcher } from '../services/outbox/dispatcher.ts';

interface WorkerEnv {
  HYPERDRIVE: { connectionString: string };
  [name: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

function configFrom(env: WorkerEnv): Config {
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return loadConfig({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString });
}

async function depsFor(env: WorkerEnv): Promise<{ deps: AppDeps; database: Database }> {
  const config = configFrom(env);
  const database = await openPostgres(env.HYPERDRIVE.connectionString, 5);
  const deps: AppDeps = {
    config,
    db: database.db,
    driver: database.driver,
    logger: createLogger(config.LOG_LEVEL),
    clock: systemClock,
  };
  return { deps, database };
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let opened: { deps: AppDeps; database: Database };
    try {
      opened = await depsFor(env);
    } catch (error) {
      const detail = error instanceof ConfigError ? error.message : 'startup failed';
      return new Response(JSON.stringify({ status: 500, code: 'misconfigured', detail }), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    try {
      return await createApp(opened.deps).fetch(request);
    } finally {
      ctx.waitUntil(opened.database.close());
    }
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { deps, database } = await depsFor(env);
    const dispatcher = new OutboxDispatcher({
      db: deps.db,
      handlers: buildOutboxHandlers(deps.config),
      clock: deps.clock,
      logger: deps.logger,
      maxAttempts: deps.config.OUTBOX_MAX_ATTEMPTS,
      batchSize: deps.config.OUTBOX_BATCH_SIZE,
      pollMs: deps.config.OUTBOX_POLL_MS,
    });
    const run = fireCron(
      schedule,
      controller.cron,
      { ...deps, drainOutbox: () => dispatcher.drain(10) },
      new Date(controller.scheduledTime),
      `worker-${crypto.randomUUID().slice(0, 8)}`,
    ).finally(() => database.close());
    ctx.waitUntil(run);
    await run;
  },
};
