import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { seededRandom } from '../../../src/lib/random.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { processHubspotInbox } from '../../../src/services/webhooks/process.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, CLIENT_SECRET, hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';
import { deliver, hubspotEvent } from '../../support/hubspot-webhooks.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
let ordered: TestDatabase;
let storm: TestDatabase;
const config = hubspotConfig();

beforeAll(async () => {
  seedPortal(portal, { companies: 12, contacts: 12, deals: 6, invoices: 6 });
  server.listen({ onUnhandledFrame: 'error' });
  [ordered, storm] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  for (const database of [ordered, storm]) {
    const deps = testDeps(database, { config });
    await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
  }
  // What happened in HubSpot after the sync: a rename, a deletion, a merge, a contact moved,
  // a deal's stage changed, an invoice paid, and a brand-new company.
  const later = '2026-06-01T00:00:00.000Z';
  portal.put('companies', bigId(1, 1), { name: 'Renamed Co', domain: 'renamed.example.com' }, later);
  portal.archive('companies', bigId(1, 2));
  portal.archive('companies', bigId(1, 4));
  portal.put('companies', bigId(1, 3), { name: 'Company 3', hs_merged_object_ids: bigId(1, 4) }, later);
  portal.put('contacts', bigId(2, 5), { email: 'p5@example.com' }, later, { companies: [bigId(1, 3)] });
  portal.put(
    'deals',
    bigId(3, 1),
    {
      dealname: 'Deal 1',
      amount: '9999.99',
      deal_currency_code: 'EUR',
      dealstage: 'closedwon',
      hs_is_closed: 'true',
      hs_is_closed_won: 'true',
    },
    later,
    { companies: [bigId(1, 1)] },
  );
  portal.put(
    'invoices',
    bigId(4, 2),
    {
      hs_currency: 'EUR',
      hs_amount_billed: '202.25',
      hs_balance_due: '0',
      hs_invoice_date: '2026-02-01',
      hs_due_date: '2026-03-03',
      hs_invoice_status: 'paid',
      hs_payment_date: '2026-05-30',
    },
    later,
    { companies: [bigId(1, 2 % 12)] },
  );
  portal.put('companies', bigId(6, 1), { name: 'Brand New' }, later);
});
afterAll(async () => {
  server.close();
  await Promise.all([ordered.close(), storm.close()]);
});

const t0 = Date.parse('2026-06-01T00:00:00Z');
const events = () => [
  hubspotEvent(
    {
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-2',
      objectId: bigId(1, 1),
      propertyName: 'name',
      propertyValue: 'Renamed Co',
    },
    t0 + 1,
  ),
  hubspotEvent({ subscriptionType: 'company.deletion', objectId: bigId(1, 2) }, t0 + 2),
  hubspotEvent(
    {
      subscriptionType: 'object.merge',
      objectTypeId: '0-2',
      objectId: bigId(1, 3),
      primaryObjectId: bigId(1, 3),
      mergedObjectIds: [bigId(1, 4)],
    },
    t0 + 3,
  ),
  hubspotEvent(
    {
      subscriptionType: 'object.associationChange',
      fromObjectTypeId: '0-1',
      toObjectTypeId: '0-2',
      fromObjectId: bigId(2, 5),
      toObjectId: bigId(1, 3),
      associationRemoved: false,
    },
    t0 + 4,
  ),
  hubspotEvent(
    {
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-3',
      objectId: bigId(3, 1),
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    },
    t0 + 5,
  ),
  hubspotEvent(
    {
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-53',
      objectId: bigId(4, 2),
      propertyName: 'hs_invoice_status',
      propertyValue: 'paid',
    },
    t0 + 6,
  ),
  hubspotEvent({ subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: bigId(6, 1) }, t0 + 7),
  hubspotEvent({ subscriptionType: 'object.creation', objectTypeId: '0-5', objectId: '77' }, t0 + 8),
];

async function state(database: TestDatabase) {
  return queryRows(
    database.db,
    sql`select c.hubspot_id, c.name, c.archived_at is not null as archived, m.hubspot_id as merged_into,
        (select string_agg(ct.hubspot_id, ',' order by ct.hubspot_id) from contacts ct where ct.company_id = c.id) as contacts,
        (select string_agg(d.hubspot_id || ':' || d.stage || ':' || d.amount_minor, ',' order by d.hubspot_id) from deals d where d.company_id = c.id) as deals,
        (select string_agg(i.external_id || ':' || i.status || ':' || i.balance_minor, ',' order by i.external_id) from invoices i where i.company_id = c.id) as invoices
      from companies c left join companies m on m.id = c.merged_into_id order by c.hubspot_id`,
  );
}

describe('webhook storms', () => {
  it('duplicated, retried and shuffled deliveries end in the same state as one ordered delivery', async () => {
    const orderedDeps = testDeps(ordered, { config });
    const once = await deliver(testApp(orderedDeps), JSON.stringify(events()), {
      secret: CLIENT_SECRET,
      now: orderedDeps.clock.now(),
    });
    expect(once.status).toBe(200);
    const processed = await processHubspotInbox(testContext(orderedDeps), testCrm(config));
    expect(processed).toMatchObject({ events: 8, failed: 0 });

    const stormDeps = testDeps(storm, { config });
    const app = testApp(stormDeps);
    const random = seededRandom(7);
    const base = events();
    const copies = [...base, ...base, ...base.map((event) => ({ ...event, attemptNumber: 3 }))];
    for (let i = copies.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copies[i], copies[j]] = [copies[j] as (typeof copies)[number], copies[i] as (typeof copies)[number]];
    }
    for (let start = 0; start < copies.length; start += 5) {
      const response = await deliver(app, JSON.stringify(copies.slice(start, start + 5)), {
        secret: CLIENT_SECRET,
        now: stormDeps.clock.now(),
      });
      expect(response.status).toBe(200);
      if (start % 10 === 0) await processHubspotInbox(testContext(stormDeps), testCrm(config));
    }
    await processHubspotInbox(testContext(stormDeps), testCrm(config));

    const pending = await queryOne<{ n: string }>(
      storm.db,
      sql`select count(*)::text as n from inbox where status <> 'processed'`,
    );
    expect(pending?.n).toBe('0');
    const expected = await state(ordered);
    expect(await state(storm)).toEqual(expected);
    const byId = new Map(expected.map((row) => [row.hubspot_id, row]));
    expect(byId.get(bigId(1, 1))).toMatchObject({ name: 'Renamed Co', archived: false });
    expect(byId.get(bigId(1, 2))).toMatchObject({ archived: true });
    expect(byId.get(bigId(1, 4))).toMatchObject({ archived: true, merged_into: bigId(1, 3) });
    expect(String(byId.get(bigId(1, 3))?.contacts)).toContain(bigId(2, 5));
    expect(byId.get(bigId(1, 1))?.deals).toContain(`${bigId(3, 1)}:closedwon:999999`);
    expect(byId.get(bigId(6, 1))).toMatchObject({ name: 'Brand New', archived: false });
  });
});
