// A listing of one object type can outlast the ten minutes after which a silent run counts as dead:
// the run reports that it is alive while it pages, not only between object types.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 450, contacts: 0, deals: 0, invoices: 0 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

describe('sync heartbeat', () => {
  it('moves the run’s heartbeat on while one object type is still being listed', async () => {
    const deps = testDeps(database, { config });
    // Every reading of the clock is a minute later: five pages of companies take several "minutes".
    let minutes = 0;
    const start = Date.parse('2026-11-26T10:00:00Z');
    const clock = () => new Date(start + minutes++ * 60_000);
    const seen: number[] = [];
    portal.faults.push(async (request) => {
      if (new URL(request.url).pathname.endsWith('/crm/objects/2026-09/companies')) {
        const row = await queryOne<{ at: string }>(
          database.db,
          sql`select heartbeat_at::text as at from sync_runs where status = 'running'`,
        );
        if (row) seen.push(Date.parse(row.at));
      }
      return undefined;
    });
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'full', objects: ['companies'] },
      clock,
    });
    // The run was claimed at the context's time; the heartbeat then moved with the pages.
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(seen.at(-1)).toBeGreaterThan(start);
  });
});
