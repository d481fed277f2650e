// Vitest global setup: builds one migrated embedded database and keeps its files as a tarball, so every
// test file starts from a copy in under a second instead of running PGlite's initdb and the migrations
// again (several seconds each, over a hundred files). Skipped when the suite runs on a server.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgliteDatabase } from '../../src/db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite data directory's tarball; '' when the suite runs on a server. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'creditline-test-'));
  const file = join(dir, 'migrated.tar');
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create('memory://');
  const database = await pgliteDatabase(client);
  await database.migrate();
  const dump = await client.dumpDataDir('none');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide('pgliteTemplate', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
