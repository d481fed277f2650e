// Everything the app needs from the outside world, built by an entry and passed in.

import type { Config } from './config/schema.ts';
import type { Db } from './db/types.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { Actor, ServiceContext } from './services/context.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  driver: 'pglite' | 'postgres';
  logger: Logger;
  clock: Clock;
  /** Set while the process is shutting down: readiness turns false so load balancers drain it. */
  isShuttingDown?: () => boolean;
}

/** A verb context for one request or job. */
export function serviceContext(
  deps: AppDeps,
  actor: Actor,
  extra: { requestId?: string; logger?: Logger } = {},
): ServiceContext {
  return {
    db: deps.db,
    config: deps.config,
    logger: extra.logger ?? deps.logger,
    actor,
    now: deps.clock.now(),
    clock: deps.clock,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
  };
}
