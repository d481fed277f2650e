// A sync run holds its slot under a short lease that a timer renews from the run's clock: a live run is
// refused with the name of the process that holds it, a silent one is taken over once its lease has run
// out, and a run that was taken over stops without moving a cursor.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { ConflictError } from '../../../src/domain/errors.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { sleep } from '../../../src/lib/sleep.ts';
import { claimSyncRun, runSync } from '../../../src/services/sync/run.ts';
import { writeSyncState } from '../../../src/services/sync/sync-state.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
/** A one-second lease is renewed every third of a second, so a test sees renewals within a few pages. */
const config = hubspotConfig({ HUBSPOT_SYNC_LEASE_MS: '1000' });
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 350, contacts: 0, deals: 0, invoices: 0 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
beforeEach(async () => {
  await database.db.execute(sql`delete from sync_runs`);
  await database.db.execute(sql`delete from sync_state`);
});
afterEach(() => {
  portal.faults = [];
});
afterAll(async () => {
  server.close();
  await database.close();
});

const isCompanyListing = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname.endsWith('/companies');

const runs = () =>
  queryRows<{ id: string; status: string; error: string | null }>(
    database.db,
    sql`select id::text, status, error from sync_runs order by id`,
  );

describe('sync run lease', () => {
  it('refuses a second run while the first holds its lease, naming the holder, its start and last word', async () => {
    const clock = new ManualClock('2026-11-26T12:00:00Z');
    const deps = testDeps(database, { config, clock });
    const first = await claimSyncRun(testContext(deps), { mode: 'full' });
    const lease = await queryOne<{ lease_until: Date; holder: string }>(
      database.db,
      sql`select lease_until, holder from sync_runs where id = ${first.runId.toString()}`,
    );
    // The lease comes from the injected clock, never the database's.
    expect(new Date(lease?.lease_until ?? 0).toISOString()).toBe('2026-11-26T12:00:01.000Z');
    expect(lease?.holder).toContain(`pid ${process.pid}`);

    clock.advance(900);
    const refusal = await claimSyncRun(testContext(deps), { mode: 'incremental' }).catch((error) => error);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal.message).toContain(`run ${first.runId} (full) is held by host `);
    expect(refusal.message).toContain(`pid ${process.pid}`);
    expect(refusal.message).toContain('since 2026-11-26T12:00:00.000Z');
    expect(refusal.message).toContain('last heard from at 2026-11-26T12:00:00.000Z');
    expect(refusal.message).toContain('its lease runs until 2026-11-26T12:00:01.000Z');
    expect(refusal.details).toMatchObject({
      runId: first.runId.toString(),
      leaseUntil: '2026-11-26T12:00:01.000Z',
    });
  });

  it('takes over from a run whose lease ran out, and the silent run can no longer move a cursor', async () => {
    const clock = new ManualClock('2026-11-26T12:00:00Z');
    const deps = testDeps(database, { config, clock });
    const dead = await claimSyncRun(testContext(deps), { mode: 'full' });
    clock.advance(1_000);
    const next = await claimSyncRun(testContext(deps), { mode: 'full' });
    expect(await runs()).toEqual([
      {
        id: dead.runId.toString(),
        status: 'failed',
        error: 'abandoned: its process stopped renewing the lease',
      },
      { id: next.runId.toString(), status: 'running', error: null },
    ]);
    const state = {
      fullInProgress: true,
      cursor: '100',
      fullStartedAt: clock.now(),
      watermark: null,
      pass: dead.runId.toString(),
      sweeping: false,
    };
    await expect(
      database.db.transaction((tx) => writeSyncState(tx, 'companies', state, { fenceRunId: dead.runId })),
    ).rejects.toThrow(`Sync run ${dead.runId} no longer holds its lease`);
    expect(await queryRows(database.db, sql`select * from sync_state`)).toEqual([]);
    await writeSyncState(database.db, 'companies', state, { fenceRunId: next.runId });
    expect(await queryRows(database.db, sql`select cursor from sync_state`)).toEqual([{ cursor: '100' }]);
  });

  it('renews the lease on a timer while a listing is slow, from the run’s clock', async () => {
    const clock = new ManualClock('2026-11-26T12:00:00Z');
    const deps = testDeps(database, { config, clock });
    const seen: string[] = [];
    portal.faults.push(async (request) => {
      if (!isCompanyListing(request)) return undefined;
      const row = await queryOne<{ at: string }>(
        database.db,
        sql`select to_char(lease_until at time zone 'UTC', 'HH24:MI:SS.MS') as at from sync_runs where status = 'running'`,
      );
      if (row) seen.push(row.at);
      // Each page takes longer than a renewal interval, and the run's clock moves a minute meanwhile.
      clock.advance(60_000);
      await sleep(450);
      return undefined;
    });
    const summary = await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'full', objects: ['companies'] },
    });
    expect(summary.objects.companies?.stored).toBe(350);
    // Claimed at 12:00:00 with a one-second lease; renewals pushed it along with the clock, minute by minute.
    expect(seen[0]).toBe('12:00:01.000');
    expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)?.endsWith(':01.000')).toBe(true);
    expect((await runs()).map((run) => run.status)).toEqual(['succeeded']);
  });
});
