// Each test file gets its own database: an in-memory PGlite by default, or a fresh database on the
// server named by TEST_DATABASE_URL (created here, dropped in `close`). Files run in parallel.

import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, openPostgres, pgliteDatabase } from '../../src/db/client.ts';
import type { Database } from '../../src/db/types.ts';

export interface TestDatabase extends Database {
  /** The URL of the per-file database on a real server, undefined on PGlite. */
  url: string | undefined;
}

export const usingServer = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openMigratedPglite();
    await database.migrate(); // nothing to apply from the template; a file run alone migrates here
    return { ...database, url: undefined };
  }
  const name = `creditline_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), options.maxConnections ?? 10);
  await database.migrate();
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A second handle on the same database (another "replica"); on PGlite the same handle is shared. */
export async function openSecondHandle(database: TestDatabase): Promise<Database> {
  if (!database.url) return { ...database, close: async () => {} };
  return openPostgres(database.url, 10);
}

let template: Promise<Blob> | undefined;

/** A copy of the migrated database the global setup built, or a fresh one where there is none. */
async function openMigratedPglite(): Promise<Database> {
  const path = inject('pgliteTemplate');
  if (!path) return openDatabase({ dataDir: 'memory://' });
  template ??= readFile(path).then((bytes) => new Blob([bytes]));
  return pgliteDatabase(await PGlite.create({ loadDataDir: await template }));
}
