// Builds the real app over a test database with a manual clock and a silent (or captured) logger.

import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { AppDeps } from '../../src/deps.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import type { TestDatabase } from './db.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_API_TOKEN: ADMIN_TOKEN, ...overrides });
}

export function testDeps(
  database: TestDatabase,
  options: { config?: Config; clock?: ManualClock } = {},
): AppDeps & { clock: ManualClock } {
  return {
    config: options.config ?? testConfig(),
    db: database.db,
    driver: database.driver,
    logger: silentLogger,
    clock: options.clock ?? new ManualClock('2026-11-26T12:00:00Z'),
  };
}

export function testApp(deps: AppDeps) {
  return createApp(deps);
}

export function adminHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${ADMIN_TOKEN}`, ...extra };
}

export function testContext(deps: AppDeps, actorId = 'test'): ServiceContext {
  return {
    db: deps.db,
    config: deps.config,
    logger: deps.logger,
    actor: { kind: 'admin', id: actorId },
    now: deps.clock.now(),
    clock: deps.clock,
  };
}
