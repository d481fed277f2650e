// The database answers and every migration this release knows of is applied. An open that failed is
// reported with the message it threw.

import type { Config } from '../../config/schema.ts';
import { migrationStatus } from '../../db/migrations-status.ts';
import type { Db } from '../../db/types.ts';
import { withDeadline } from './deadline.ts';
import { type DoctorCheck, error, ok, reason, warning } from './report.ts';

export type DoctorDatabase = { db: Db } | { openError: unknown };

function connectionFix(config: Config): string {
  return config.DATABASE_URL
    ? 'check DATABASE_URL and that the PostgreSQL server accepts connections from this host'
    : `check DATA_DIR (${config.DATA_DIR}) and that no other process has the embedded database open`;
}

/** Returns the checks and the database when it can be used by the checks that follow. */
export async function databaseChecks(
  config: Config,
  database: DoctorDatabase,
  timeoutMs: number,
): Promise<{ checks: DoctorCheck[]; db: Db | null }> {
  if ('openError' in database) {
    return {
      checks: [
        error(
          'database',
          'database.reachable',
          `the database could not be opened: ${reason(database.openError)}`,
          connectionFix(config),
        ),
      ],
      db: null,
    };
  }
  let status: Awaited<ReturnType<typeof migrationStatus>>;
  try {
    status = await withDeadline(migrationStatus(database.db), timeoutMs, 'the database');
  } catch (thrown) {
    if (neverMigrated(thrown)) {
      return {
        checks: [
          ok('database', 'database.reachable', `the database answers (${driverName(config)})`),
          error(
            'database',
            'database.migrations',
            'no migrations are applied: the database is empty',
            'run `npx creditline migrate` (the Node service also migrates when it starts)',
          ),
        ],
        db: null,
      };
    }
    return {
      checks: [
        error(
          'database',
          'database.reachable',
          `the database did not answer: ${reason(thrown)}`,
          connectionFix(config),
        ),
      ],
      db: null,
    };
  }
  const reachable = ok('database', 'database.reachable', `the database answers (${driverName(config)})`);
  if (status.applied < status.expected) {
    return {
      checks: [
        reachable,
        error(
          'database',
          'database.migrations',
          `${status.applied} of ${status.expected} migrations are applied`,
          'run `npx creditline migrate` (the Node service also migrates when it starts)',
        ),
      ],
      // Tables may be missing or old: the checks that query them would only add noise.
      db: null,
    };
  }
  if (status.applied > status.expected) {
    return {
      checks: [
        reachable,
        warning(
          'database',
          'database.migrations',
          `the database has ${status.applied} migrations applied, more than the ${status.expected} this release knows`,
          'run the same release as the service that migrated this database',
        ),
      ],
      db: database.db,
    };
  }
  return {
    checks: [
      reachable,
      ok('database', 'database.migrations', `all ${status.expected} migrations are applied`),
    ],
    db: database.db,
  };
}

/** The migrations' bookkeeping table or schema does not exist (42P01, 3F000): nothing was ever applied. */
function neverMigrated(thrown: unknown): boolean {
  for (let current = thrown; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (code === '42P01' || code === '3F000') return true;
  }
  return false;
}

function driverName(config: Config): string {
  return config.DATABASE_URL ? 'PostgreSQL server' : `embedded, in ${config.DATA_DIR}`;
}
