// Connection factory: postgres.js when a URL is given, embedded PGlite (kept in a directory) otherwise.
// Both apply the same drizzle-kit migrations from migrations/. The service and the CLI open the
// embedded directory through src/db/embedded/open.ts, which keeps it to one process.

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.ts';
import type { Database, Db } from './types.ts';

export interface DatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  url?: string | undefined;
  /** Directory for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Maximum connections for postgres.js. */
  maxConnections?: number;
}

export interface PostgresOptions {
  max: number;
  /** Named prepared statements (postgres.js's default); off where many clients share one session. */
  prepare?: boolean;
  /** How the rest of the code should treat the database behind the URL. */
  driver?: Database['driver'];
  connectTimeoutSeconds?: number;
}

/** Resolved lazily: only Node reads migrations from disk (Workers are migrated by the CLI before deploy). */
export function migrationsFolder(): string {
  return fileURLToPath(new URL('../../migrations', import.meta.url));
}

export const isInMemory = (dataDir: string) => dataDir.startsWith('memory://');

/** Opens without any lock: for tests (in memory) and for code that already holds the directory. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : openPglite(options.dataDir ?? './.data');
}

/** Runs one trivial query; on failure closes the pool and rethrows the driver's error. */
export async function checkConnection(database: Database): Promise<void> {
  try {
    await database.db.execute(sql`select 1`);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export function openPostgres(url: string, max: number): Promise<Database> {
  return postgresDatabase(url, { max });
}

export async function postgresDatabase(url: string, options: PostgresOptions): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: options.max,
    prepare: options.prepare ?? true,
    onnotice: () => {},
    // bigint columns come back as JS bigint rather than strings.
    types: { bigint: postgres.BigInt },
    connect_timeout: options.connectTimeoutSeconds ?? 10,
  });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: options.driver ?? 'postgres',
    async migrate() {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(db, { migrationsFolder: migrationsFolder() });
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!isInMemory(dataDir)) await mkdir(dataDir, { recursive: true });
  return pgliteDatabase(await PGlite.create(dataDir));
}

export async function pgliteDatabase(client: PGlite): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    async migrate() {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db, { migrationsFolder: migrationsFolder() });
    },
    close: () => client.close(),
  };
}
