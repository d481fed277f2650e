import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 40, contacts: 40, deals: 10, invoices: 10 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

describe('incremental sync', () => {
  it('reads only what changed since the watermark, past the 10,000-result search cap, each record once', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    await runSync({ ctx: testContext(deps), crm: testCrm(deps.config), input: { mode: 'full' } });
    const start = Date.now() + 60_000;
    // 10,300 changes, three per timestamp, so the re-anchored window repeats records at its edge.
    for (let i = 0; i < 10_300; i++) {
      const id = bigId(5, i);
      portal.put(
        'companies',
        id,
        { name: `New ${i}`, domain: null },
        new Date(start + Math.floor(i / 3) * 1000).toISOString(),
      );
    }
    portal.put(
      'contacts',
      bigId(2, 7),
      { email: 'moved@example.com', firstname: 'Moved', lastname: null },
      new Date(start).toISOString(),
      {
        companies: [bigId(5, 9)],
      },
    );
    const before = portal.log.length;
    const crm = testCrm(deps.config);
    const summary = await runSync({
      ctx: testContext(deps),
      crm,
      input: { mode: 'incremental', objects: ['companies', 'contacts', 'deals', 'invoices'] },
    });
    const requests = portal.log.slice(before);
    expect(requests.every((entry) => entry.status === 200)).toBe(true);
    expect(summary.objects.companies?.stored).toBe(10_300);
    expect(summary.objects.companies?.mode).toBe('incremental');
    // 52 pages of 200, one more after re-anchoring, and nothing from the untouched types but one empty search each.
    const companySearches = requests.filter((entry) => entry.path.endsWith('/companies/search')).length;
    expect(companySearches).toBeGreaterThanOrEqual(52);
    expect(companySearches).toBeLessThanOrEqual(54);
    expect(requests.filter((entry) => entry.path.endsWith('/deals/search'))).toHaveLength(1);

    const counts = await queryOne<{ companies: string; moved: string }>(
      database.db,
      sql`select (select count(*)::text from companies) as companies,
        (select c.hubspot_id from contacts ct join companies c on c.id = ct.company_id where ct.hubspot_id = ${bigId(2, 7)}) as moved`,
    );
    expect(counts).toEqual({ companies: String(10_340), moved: bigId(5, 9) });
    const state = await queryOne<{ watermark: Date }>(
      database.db,
      sql`select watermark from sync_state where object_type = 'companies'`,
    );
    expect(new Date(state?.watermark ?? 0).getTime()).toBe(start + Math.floor(10_299 / 3) * 1000);
  });

  it('refuses to start while another run is running', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    const heard = deps.clock.now().toISOString();
    await database.db.execute(
      sql`insert into sync_runs (mode, objects, status, started_at, heartbeat_at, lease_until, holder)
          values ('full', '[]', 'running', ${heard}::timestamptz, ${heard}::timestamptz,
            ${heard}::timestamptz + interval '30 seconds', 'host other pid 7 (instance 0abc)')`,
    );
    await expect(
      runSync({
        ctx: testContext(deps),
        crm: testCrm(deps.config),
        input: { mode: 'incremental' },
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await database.db.execute(sql`update sync_runs set status = 'failed' where status = 'running'`);
  });
});
