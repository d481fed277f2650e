// Assembles the long-running Node process: database, app, HTTP server, outbox dispatcher, scheduler,
// and an orderly shutdown. The entry file only calls this with the parsed config.

import { hostname } from 'node:os';
import { type ServerType, serve } from '@hono/node-server';
import { type CreditlineApp, createApp } from '../app.ts';
import { enabledIntegrations } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { openServiceDatabase } from '../db/open.ts';
import type { Database } from '../db/types.ts';
import { type AppDeps, serviceContext } from '../deps.ts';
import { createHubspotCrm } from '../integrations/hubspot/client.ts';
import { buildOutboxHandlers } from '../integrations/outbox-handlers.ts';
import { type NodeScheduler, startNodeScheduler } from '../jobs/node-scheduler.ts';
import { schedule } from '../jobs/schedule.ts';
import type { JobDefinition, JobDeps } from '../jobs/types.ts';
import { type Clock, systemClock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { systemActor } from '../services/context.ts';
import { seedDemo } from '../services/demo/seed.ts';
import { logDoctorFindings } from '../services/doctor/startup.ts';
import { warnMissingRates } from '../services/fx/status.ts';
import { OutboxDispatcher } from '../services/outbox/dispatcher.ts';
import type { OutboxHandlers } from '../services/outbox/handlers.ts';
import { HubspotInboxWorker } from '../services/webhooks/worker.ts';
import { slackWorkSettled } from '../slack/receiver.ts';

export interface NodeRuntimeOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Use an already open database (tests share one between two instances). */
  database?: Database;
  handlers?: OutboxHandlers;
  jobs?: readonly JobDefinition[];
  /** Extra routes, mounted before serving (tests add slow routes to observe shutdown). */
  configureApp?: (app: CreditlineApp) => void;
}

export interface NodeRuntime {
  url: string;
  port: number;
  deps: JobDeps;
  instanceId: string;
  dispatcher: OutboxDispatcher;
  shutdown(reason?: string): Promise<void>;
}

export async function startNodeRuntime(options: NodeRuntimeOptions): Promise<NodeRuntime> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = `${hostname()}-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openServiceDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      now: clock.now(),
      httpPort: config.PORT,
      onClientError: (error) =>
        logger.warn({ err: error }, 'a creditline command lost its database connection'),
    }));
  logger.info(
    { driver: database.driver, ...(database.driver === 'pglite' ? { dataDir: config.DATA_DIR } : {}) },
    'database opened',
  );
  await database.migrate().catch(async (error: unknown) => {
    if (ownsDatabase) await database.close();
    throw error;
  });

  let shuttingDown = false;
  const deps: AppDeps = {
    config,
    db: database.db,
    driver: database.driver,
    logger,
    clock,
    isShuttingDown: () => shuttingDown,
  };
  await seedIfWanted(deps);
  logIntegrations(config, logger);
  await warnMissingRates(serviceContext(deps, systemActor('start')));

  const dispatcher = new OutboxDispatcher({
    db: database.db,
    handlers: options.handlers ?? buildOutboxHandlers(config),
    clock,
    logger: logger.child({ component: 'outbox' }),
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollMs: config.OUTBOX_POLL_MS,
  });
  const jobDeps: JobDeps = {
    ...deps,
    drainOutbox: () => dispatcher.drain(10),
    hubspotInboxWorker: enabledIntegrations(config).hubspot,
  };

  const app = createApp(deps);
  options.configureApp?.(app);
  const { server, port } = await listen(app, config);
  const url = `http://localhost:${port}`;

  dispatcher.start();
  const inboxWorker = startHubspotInboxWorker(deps);
  const scheduler: NodeScheduler | undefined = config.JOBS_ENABLED
    ? startNodeScheduler(options.jobs ?? schedule, jobDeps, instanceId)
    : undefined;
  await logDoctorFindings(deps);

  let stopping: Promise<void> | undefined;
  async function shutdown(reason = 'shutdown'): Promise<void> {
    stopping ??= (async () => {
      shuttingDown = true;
      logger.info({ reason }, 'shutting down: no new requests, finishing in-flight work');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections with no request in flight would hold close() open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      // Slack listeners answer within 3 s and may still be working after the response went out.
      await slackWorkSettled();
      await scheduler?.stop();
      await dispatcher.stop();
      await inboxWorker?.stop();
      if (ownsDatabase) await database.close();
      logger.info('shutdown complete');
    })();
    return stopping;
  }

  return { url, port, deps: jobDeps, instanceId, dispatcher, shutdown };
}

async function seedIfWanted(deps: AppDeps): Promise<void> {
  // Demo data by default only in the embedded database: a real server is somebody's real data.
  const wanted = deps.config.SEED_DEMO ?? deps.driver === 'pglite';
  if (!wanted) return;
  const result = await seedDemo({
    ctx: { ...deps, actor: systemActor('seed-demo'), now: deps.clock.now(), clock: deps.clock },
  });
  if (result.seeded) deps.logger.info(result, 'demo portfolio seeded (set SEED_DEMO=false to skip)');
}

function startHubspotInboxWorker(deps: AppDeps): HubspotInboxWorker | undefined {
  if (!enabledIntegrations(deps.config).hubspot) return undefined;
  const worker = new HubspotInboxWorker({
    context: () => ({
      ...deps,
      actor: systemActor('hubspot-inbox'),
      now: deps.clock.now(),
      clock: deps.clock,
    }),
    crm: createHubspotCrm(deps.config),
    pollMs: deps.config.HUBSPOT_INBOX_POLL_MS,
  });
  worker.start();
  return worker;
}

function logIntegrations(config: Config, logger: Logger): void {
  const enabled = enabledIntegrations(config);
  logger.info(
    enabled.hubspot
      ? 'HubSpot: on'
      : 'HubSpot: off (set HUBSPOT_ACCESS_TOKEN and HUBSPOT_CLIENT_SECRET to connect a portal)',
  );
  logger.info(
    enabled.slack
      ? 'Slack: on'
      : 'Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to connect a workspace)',
  );
  if (!config.ADMIN_API_TOKEN) {
    logger.info(
      'Admin API: off (set ADMIN_API_TOKEN to a random string of 16+ characters, e.g. `openssl rand -hex 32`)',
    );
  }
}

function listen(app: CreditlineApp, config: Config): Promise<{ server: ServerType; port: number }> {
  const serverOptions = {
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    // Node looks for stalled requests this often (30 s by default, longer than the timeouts above).
    connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
  };
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions },
      (info) => resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}
