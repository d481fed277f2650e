// Connection factory: postgres.js when a URL is given, embedded PGlite (kept in a directory) otherwise.
// Both apply the same drizzle-kit migrations from migrations/.

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
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

/** Resolved lazily: only Node reads migrations from disk (Workers are migrated by the CLI before deploy). */
export function migrationsFolder(): string {
  return fileURLToPath(new URL('../../migrations', import.meta.url));
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.maxConnections ?? 10)
    : openPglite(options.dataDir ?? './.data');
}

export async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // bigint columns come back as JS bigint rather than strings.
    types: { bigint: postgres.BigInt },
    connect_timeout: 10,
  });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    async migrate() {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(db, { migrationsFolder: migrationsFolder() });
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
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
