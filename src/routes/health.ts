// Liveness answers while the process runs; readiness also needs the database and every migration.

import { Hono } from 'hono';
import { migrationStatus } from '../db/migrations-status.ts';
import type { HonoEnv } from '../http/env.ts';

export function healthRoutes() {
  const app = new Hono<HonoEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const deps = c.get('deps');
    if (deps.isShuttingDown?.()) return c.json({ status: 'shutting_down' }, 503);
    try {
      const migrations = await migrationStatus(deps.db);
      const ready = migrations.applied >= migrations.expected;
      return c.json(
        { status: ready ? 'ready' : 'migrations_pending', database: 'ok', driver: deps.driver, migrations },
        ready ? 200 : 503,
      );
    } catch (error) {
      c.get('logger').warn({ err: error }, 'readiness check failed');
      return c.json({ status: 'database_unreachable', database: 'error' }, 503);
    }
  });
  return app;
}
