// Liveness answers while the process runs; readiness also needs the database and every migration.
// Readiness carries one line when the doctor's local checks find an error; the checks themselves are
// shown only to a caller with the admin token.

import { Hono } from 'hono';
import { migrationStatus } from '../db/migrations-status.ts';
import type { HonoEnv } from '../http/env.ts';
import { constantTimeEqual } from '../lib/crypto.ts';
import { doctorReport } from '../services/doctor/report.ts';
import { doctorWarningLine, readinessFindings } from '../services/doctor/startup.ts';

export function healthRoutes() {
  const app = new Hono<HonoEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const deps = c.get('deps');
    if (deps.isShuttingDown?.()) return c.json({ status: 'shutting_down' }, 503);
    const findings = readinessFindings(deps.config);
    const warning = doctorWarningLine(doctorReport(findings, deps.clock.now()));
    const admin = isAdmin(c.req.header('authorization'), deps.config.ADMIN_API_TOKEN);
    const doctor = {
      ...(warning ? { warning } : {}),
      ...(admin && findings.length ? { doctor: findings } : {}),
    };
    try {
      const migrations = await migrationStatus(deps.db);
      const ready = migrations.applied >= migrations.expected;
      return c.json(
        {
          status: ready ? 'ready' : 'migrations_pending',
          database: 'ok',
          driver: deps.driver,
          migrations,
          ...doctor,
        },
        ready ? 200 : 503,
      );
    } catch (error) {
      c.get('logger').warn({ err: error }, 'readiness check failed');
      return c.json({ status: 'database_unreachable', database: 'error', ...doctor }, 503);
    }
  });
  return app;
}

function isAdmin(header: string | undefined, token: string | undefined): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
  return Boolean(token && presented && constantTimeEqual(presented, token));
}
