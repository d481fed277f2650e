// Which database the service and the CLI open: the PostgreSQL server named by DATABASE_URL, checked
// so a bad URL stops them with one clear message, or the embedded one in DATA_DIR, kept to one
// process (see embedded/open.ts).

import { checkConnection, openPostgres } from './client.ts';
import { classifyConnectionError } from './connection-errors.ts';
import { openEmbeddedForCommand, openEmbeddedForService } from './embedded/open.ts';
import type { Database } from './types.ts';

interface Where {
  url: string | undefined;
  dataDir: string;
  now: Date;
}

export function openServiceDatabase(
  where: Where & { httpPort?: number; onClientError?: (error: unknown) => void },
): Promise<Database> {
  if (where.url) return openCheckedPostgres(where.url);
  return openEmbeddedForService(where.dataDir, {
    now: where.now,
    ...(where.httpPort ? { httpPort: where.httpPort } : {}),
    ...(where.onClientError ? { onClientError: where.onClientError } : {}),
  });
}

export function openCommandDatabase(where: Where & { command: string }): Promise<Database> {
  if (where.url) return openCheckedPostgres(where.url);
  return openEmbeddedForCommand(where.dataDir, { now: where.now, command: where.command });
}

/**
 * postgres.js with a first query that checks the connection, so a stopped server, a missing database
 * or role, or a wrong password is reported as such (connection-errors.ts) rather than as the first
 * migration statement that failed.
 */
export async function openCheckedPostgres(url: string, max = 10): Promise<Database> {
  const explain = (error: unknown) => classifyConnectionError(error, url) ?? error;
  const database = await openPostgres(url, max);
  await checkConnection(database).catch((error: unknown) => {
    throw explain(error);
  });
  return {
    ...database,
    migrate: () =>
      database.migrate().catch((error: unknown) => {
        throw explain(error);
      }),
  };
}
