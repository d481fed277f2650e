// A full sync that dies part-way leaves its pass to the next full run: that run goes on from the saved
// cursors, lists nothing again that the pass already listed, and finishes a sweep the dead run left.

import { sql } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
// No retries inside a call: the failure injected below ends the run at once, as a crash would.
const config = hubspotConfig({ HUBSPOT_MAX_RETRIES: '0' });
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 150, contacts: 250, deals: 120, invoices: 110 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterEach(() => {
  portal.faults = [];
});
afterAll(async () => {
  server.close();
  await database.close();
});

/** List requests since `from` in the fake's log, as `type` or `type (archived)`. */
const listingsSince = (from: number) =>
  portal.log
    .slice(from)
    .filter((entry) => entry.method === 'GET' && /\/crm\/objects\/[^/]+\/[^/]+$/.test(entry.path))
    .map((entry) => entry.path.split('/').at(-1));

const failing = (match: (url: URL) => boolean) => (request: Request) =>
  match(new URL(request.url)) ? HttpResponse.error() : undefined;

const states = () =>
  queryRows<{ object_type: string; phase: string; cursor: string | null }>(
    database.db,
    sql`select object_type, stats->>'phase' as phase, cursor from sync_state order by object_type`,
  );

describe('a full sync that died part-way', () => {
  it('is finished by the next full run without listing again what it had listed', async () => {
    const deps = testDeps(database, { config });
    // The run dies on the third page of contacts, after companies were listed and swept.
    portal.faults = [
      failing((url) => url.pathname.endsWith('/contacts') && url.searchParams.get('after') === '200'),
    ];
    const died = await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'full' },
    }).catch((error: unknown) => error);
    expect(died).toBeInstanceOf(Error);
    expect(await states()).toEqual([
      { object_type: 'companies', phase: 'idle', cursor: null },
      { object_type: 'contacts', phase: 'full', cursor: '200' },
    ]);
    const [first] = await queryRows<{ id: string }>(database.db, sql`select id::text from sync_runs`);

    portal.faults = [];
    const from = portal.log.length;
    const resumed = await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
    expect(resumed.continues).toBe(first?.id);
    expect(resumed.objects.companies).toMatchObject({ received: 0, archived: 0 });
    expect(resumed.objects.contacts).toMatchObject({ received: 50 });
    expect(resumed.objects.deals).toMatchObject({ received: 120 });
    // Companies are neither listed nor swept again; contacts go on from the cursor.
    expect(listingsSince(from)).toEqual([
      'contacts',
      'contacts',
      'deals',
      'deals',
      'deals',
      '0-53',
      '0-53',
      '0-53',
    ]);
    expect((await states()).every((state) => state.phase === 'idle' && state.cursor === null)).toBe(true);
    const counts = await queryRows<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from contacts union all select count(*)::text from deals`,
    );
    expect(counts.map((row) => row.n)).toEqual(['250', '120']);
  });

  it('finishes the sweep a run died in, and a later full run lists everything again', async () => {
    const deps = testDeps(database, { config });
    portal.archive('deals', [...portal.objects.deals.keys()][0] ?? '');
    portal.faults = [
      failing((url) => url.pathname.endsWith('/deals') && url.searchParams.get('archived') === 'true'),
    ];
    await expect(
      runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full', objects: ['deals'] } }),
    ).rejects.toBeInstanceOf(Error);
    expect((await states()).find((state) => state.object_type === 'deals')?.phase).toBe('sweep');

    portal.faults = [];
    let from = portal.log.length;
    const resumed = await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
    expect(resumed.continues).not.toBeNull();
    expect(resumed.objects.deals).toMatchObject({ received: 0, archived: 1 });
    // A run that took a pass over lists only what the pass had not: here, the other types.
    expect(listingsSince(from).filter((type) => type === 'deals')).toEqual(['deals']);

    from = portal.log.length;
    const fresh = await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
    expect(fresh.continues).toBeNull();
    expect(fresh.objects.deals).toMatchObject({ received: 119 });
    expect(listingsSince(from).filter((type) => type === 'companies')).toEqual([
      'companies',
      'companies',
      'companies',
    ]);
  });
});
