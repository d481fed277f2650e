// Opening the embedded database directory so that only one process ever writes to it. The service
// takes the directory's lock and serves the database to commands on 127.0.0.1; a command that finds
// the service running goes through it, and otherwise takes the lock and opens the directory itself.

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { checkConnection, isInMemory, openPglite, pgliteDatabase, postgresDatabase } from '../client.ts';
import type { Database } from '../types.ts';
import { EmbeddedDatabaseInUseError } from './in-use.ts';
import { acquireLock, type HeldLock, type LockRecord, lockLiveness, readLiveLock } from './lock.ts';
import { EmbeddedServer } from './server.ts';

export interface ServiceOpenOptions {
  /** When the service started, recorded in the lock. */
  now: Date;
  /** The service's HTTP port, recorded so a refusal can name it (0: chosen at listen, not recorded). */
  httpPort?: number;
  onClientError?: (error: unknown) => void;
}

export interface CommandOpenOptions {
  now: Date;
  /** What is being run, for the message another process gets while this one holds the directory. */
  command: string;
}

/**
 * The service's embedded database. Commands that connect while it starts wait until `migrate()` has
 * run; `close()` cuts them off, rolling back whatever they left open, before it closes the directory.
 */
export async function openEmbeddedForService(
  dataDir: string,
  options: ServiceOpenOptions,
): Promise<Database> {
  if (isInMemory(dataDir)) return openPglite(dataDir);
  await mkdir(dataDir, { recursive: true });
  const password = randomBytes(24).toString('base64url');
  const server = await EmbeddedServer.listen({
    secret: password,
    ...(options.onClientError ? { onError: options.onClientError } : {}),
  });
  const acquired = await acquireLock(dataDir, {
    role: 'service',
    startedAt: options.now.toISOString(),
    ...(options.httpPort ? { httpPort: options.httpPort } : {}),
    serving: { host: server.host, port: server.port, password },
  });
  if (!acquired.held) {
    await server.close();
    throw new EmbeddedDatabaseInUseError(dataDir, acquired.holder, 'service');
  }
  const lock = acquired.lock;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = await PGlite.create(dataDir);
    const database = await pgliteDatabase(client);
    return {
      ...database,
      async migrate() {
        await database.migrate();
        server.attach(client);
      },
      async close() {
        await server.close();
        await database.close();
        await lock.release();
      },
    };
  } catch (error) {
    await server.close();
    await lock.release();
    throw error;
  }
}

/** A command's embedded database: through the running service, or the directory itself when none runs. */
export async function openEmbeddedForCommand(
  dataDir: string,
  options: CommandOpenOptions,
): Promise<Database> {
  if (isInMemory(dataDir)) return openPglite(dataDir);
  const holder = await readLiveLock(dataDir);
  if (holder) return throughHolder(dataDir, holder);
  await mkdir(dataDir, { recursive: true });
  const acquired = await acquireLock(dataDir, {
    role: 'command',
    command: options.command,
    startedAt: options.now.toISOString(),
  });
  // A service that started in the meantime won the directory: go through it after all.
  if (!acquired.held) return throughHolder(dataDir, acquired.holder);
  return openHolding(dataDir, acquired.lock);
}

async function openHolding(dataDir: string, lock: HeldLock): Promise<Database> {
  try {
    const database = await openPglite(dataDir);
    return {
      ...database,
      async close() {
        await database.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function throughHolder(dataDir: string, holder: LockRecord): Promise<Database> {
  const serving = holder.serving;
  if (holder.role !== 'service' || !serving || lockLiveness(holder) !== 'alive')
    throw new EmbeddedDatabaseInUseError(dataDir, holder, 'command');
  const url = `postgres://postgres:${encodeURIComponent(serving.password)}@${serving.host}:${serving.port}/postgres`;
  // One PGlite session behind the socket: commands behave as on PGlite (one writer at a time), and
  // named prepared statements would outlive this connection in that shared session.
  const database = await postgresDatabase(url, {
    max: 2,
    prepare: false,
    driver: 'pglite',
    connectTimeoutSeconds: 130,
  });
  try {
    await checkConnection(database);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedDatabaseInUseError(dataDir, holder, 'command', reason);
  }
  return database;
}
