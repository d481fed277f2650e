import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

// Every migration in the journal, so adding one does not need this test edited.
const journal = JSON.parse(
  readFileSync(new URL('../../../migrations/meta/_journal.json', import.meta.url), 'utf8'),
);
const migrationCount: number = journal.entries.length;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('health endpoints', () => {
  it('answers liveness and readiness when migrations are applied', async () => {
    const app = testApp(testDeps(database));
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      migrations: { expected: migrationCount, applied: migrationCount },
    });
  });

  it('is not ready while shutting down', async () => {
    const app = testApp({ ...testDeps(database), isShuttingDown: () => true });
    expect((await app.request('/readyz')).status).toBe(503);
  });

  it('is not ready when a migration is missing', async () => {
    const app = testApp(testDeps(database));
    await database.db.execute(
      sql`create table drizzle.__saved as select * from drizzle.__drizzle_migrations`,
    );
    await database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    try {
      const response = await app.request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'migrations_pending' });
    } finally {
      await database.db.execute(
        sql`insert into drizzle.__drizzle_migrations select * from drizzle.__saved s where s.id not in (select id from drizzle.__drizzle_migrations)`,
      );
      await database.db.execute(sql`drop table drizzle.__saved`);
    }
  });

  it('is not ready when the database is unreachable', async () => {
    const broken = await createTestDatabase();
    const app = testApp(testDeps(broken));
    await broken.close();
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'database_unreachable' });
  });

  it('answers unknown routes with problem+json and a request id', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request('/nope', { headers: { 'x-request-id': 'abc-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(await response.json()).toMatchObject({ status: 404, code: 'not_found', requestId: 'abc-123' });
  });
});
