// One bad record never stops a run: every way a HubSpot record can be unreadable or unstorable sets that
// record aside in sync_rejections with its reason, counts it in the run summary, and the run goes on.
// The rejection is cleared when the record later syncs cleanly, and the admin API lists what is set aside.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { inbox } from '../../../src/db/schema/index.ts';
import { runSync, type SyncSummary } from '../../../src/services/sync/run.ts';
import { processHubspotInbox } from '../../../src/services/webhooks/process.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';
import { hubspotEvent } from '../../support/hubspot-webhooks.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;

const T0 = '2026-06-01T00:00:00.000Z';
/** After the first run's clock (2026-11-26T12:00Z), so an incremental search finds the change. */
const LATER = '2026-11-26T12:30:00.000Z';
const c = (i: number) => bigId(1, i);
const p = (i: number) => bigId(2, i);
const d = (i: number) => bigId(3, i);
const inv = (i: number) => bigId(4, i);

/** Random text that does not compress: longer than a btree index entry may be, so the database refuses it. */
function incompressible(length: number): string {
  let seed = 42;
  let out = '';
  while (out.length < length) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    out += String.fromCharCode(33 + (seed % 94));
  }
  return out;
}

const deal = (properties: Record<string, string | null>) => ({
  dealname: 'Deal',
  amount: '100',
  deal_currency_code: 'EUR',
  pipeline: 'default',
  dealstage: 'contractsent',
  closedate: '2026-09-01',
  hs_is_closed: 'false',
  hs_is_closed_won: 'false',
  ...properties,
});

const invoice = (properties: Record<string, string | null>) => ({
  hs_number: 'INV',
  hs_currency: 'EUR',
  hs_amount_billed: '200.25',
  hs_balance_due: '200.25',
  hs_invoice_date: '2026-05-01',
  hs_due_date: '2026-05-31',
  hs_invoice_status: 'open',
  ...properties,
});

function seed() {
  portal.owners.push(
    { id: '501', email: 'ana@example.com', firstName: 'Ana', lastName: 'Ng', archived: false },
    { id: '', email: 'ghost@example.com', firstName: 'No', lastName: 'Id', archived: false },
    { id: '777', email: 'bad\u0000@example.com', firstName: 'Nul', lastName: 'Char', archived: false },
  );
  portal.put('companies', c(1), { name: 'Acme', hubspot_owner_id: '501' }, T0);
  portal.put('companies', c(2), { name: 'Owner gone', hubspot_owner_id: '999999' }, T0);
  portal.put('companies', c(3), { name: 'Typed' }, T0);
  portal.served.set(`companies:${c(3)}`, (o) => ({
    ...o,
    properties: { ...(o.properties as object), name: 42 },
  }));
  portal.put('companies', c(4), { name: 'Bad\u0000Co' }, T0);
  portal.put('companies', c(5), { name: incompressible(5_000) }, T0);
  portal.put('companies', c(6), { name: 'No properties' }, T0);
  portal.served.set(`companies:${c(6)}`, ({ properties: _dropped, ...rest }) => rest);
  portal.put('companies', c(7), { name: 'No id' }, T0);
  portal.served.set(`companies:${c(7)}`, ({ id: _dropped, ...rest }) => rest);
  portal.put('companies', c(8), { name: 'Garbage time' }, T0);
  portal.served.set(`companies:${c(8)}`, ({ updatedAt: _dropped, ...rest }) => ({
    ...rest,
    properties: { ...(rest.properties as object), hs_lastmodifieddate: 'yesterday' },
  }));

  portal.put('contacts', p(1), { email: 'p1@example.com', firstname: '', lastname: null }, T0, {
    companies: [c(1)],
  });
  portal.put('contacts', p(2), { email: 'p2@example.com' }, T0, { companies: [c(3)] });
  portal.put('contacts', p(3), { email: 'p3@example.com' }, T0);
  portal.served.set(`contacts:${p(3)}`, (o) => ({
    ...o,
    properties: { ...(o.properties as object), email: { value: 'p3@example.com' } },
  }));
  portal.put('contacts', p(4), { email: 'p4@example.com' }, T0, { companies: [c(1)] });
  portal.served.set(`contacts:${p(4)}`, (o) => ({ ...o, associations: { companies: { results: 'c1' } } }));

  portal.put('deals', d(1), deal({ amount: '1000.50' }), T0, { companies: [c(1)], contacts: [p(1)] });
  portal.put('deals', d(2), deal({ amount: '1500', deal_currency_code: 'JPY' }), T0, { companies: [c(1)] });
  portal.put('deals', d(3), deal({ amount: '', deal_currency_code: 'usd' }), T0, { companies: [c(2)] });
  portal.put('deals', d(4), deal({ hubspot_owner_id: '999999', closedate: null }), T0, {
    companies: ['123456'],
  });
  portal.put('deals', d(5), deal({ deal_currency_code: 'ABC' }), T0);
  portal.put('deals', d(6), deal({ amount: '1e5' }), T0);
  portal.put('deals', d(7), deal({ amount: '99999999999999999999' }), T0);
  portal.put('deals', d(8), deal({ closedate: '0000-01-01' }), T0);
  portal.put('deals', d(9), deal({ closedate: '2026-02-30' }), T0);
  portal.put('deals', d(10), deal({ hs_is_closed: 'yes' }), T0);
  portal.put('deals', d(11), deal({ amount: 'twelve' }), T0);
  portal.put('deals', d(12), deal({}), T0);
  portal.served.set(`deals:${d(12)}`, (o) => ({
    ...o,
    properties: { ...(o.properties as object), amount: 1000.5 },
  }));
  portal.put('deals', d(13), deal({ closedate: '2026-03-01T25:00:00Z' }), T0);

  const links = { companies: [c(1)], deals: [d(1)] };
  portal.put('invoices', inv(1), invoice({}), T0, links);
  portal.put('invoices', inv(2), invoice({ hs_invoice_status: 'pending' }), T0, links);
  portal.put('invoices', inv(3), invoice({}), T0, { companies: [c(3)] });
  portal.put('invoices', inv(4), invoice({}), T0);
  portal.put('invoices', inv(5), invoice({ hs_currency: null }), T0, links);
  portal.put('invoices', inv(6), invoice({ hs_amount_billed: '12.345' }), T0, links);
  portal.put('invoices', inv(7), invoice({ hs_invoice_date: ' ' }), T0, links);
  portal.put(
    'invoices',
    inv(8),
    invoice({ hs_number: '', hs_due_date: null, hs_balance_due: '' }),
    T0,
    links,
  );
}

beforeAll(async () => {
  seed();
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

const rejections = () =>
  queryRows<{ object_type: string; hubspot_id: string; reason: string; run_id: string | null }>(
    database.db,
    sql`select object_type, hubspot_id, reason, run_id::text from sync_rejections order by object_type, hubspot_id`,
  );

const reasonsOf = async (type: string) =>
  Object.fromEntries(
    (await rejections()).filter((row) => row.object_type === type).map((row) => [row.hubspot_id, row.reason]),
  );

let first: SyncSummary;

describe('a full sync over bad records', () => {
  it('finishes, stores every good record and sets each bad one aside with its reason', async () => {
    const deps = testDeps(database, { config });
    first = await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
    const counts = Object.fromEntries(
      Object.entries(first.objects).map(([type, totals]) => [type, [totals.stored, totals.rejected]]),
    );
    expect(counts).toEqual({
      owners: [1, 2],
      companies: [2, 6],
      contacts: [2, 2],
      deals: [4, 9],
      invoices: [2, 6],
    });
    const run = await queryOne<{ status: string }>(database.db, sql`select status from sync_runs`);
    expect(run?.status).toBe('succeeded');

    expect(await reasonsOf('owners')).toEqual({ '777': 'email holds a character that cannot be stored' });
    expect(await reasonsOf('companies')).toEqual({
      [c(3)]: 'name is a number, not text',
      [c(4)]: 'name holds a character that cannot be stored',
      [c(5)]: expect.stringMatching(/^the database refused it: index row .*companies_name_idx/),
      [c(6)]: 'the record has no properties',
      [c(8)]: 'updatedAt "yesterday" is not a timestamp',
    });
    expect(await reasonsOf('contacts')).toEqual({
      [p(3)]: 'email is an object, not text',
      [p(4)]: 'its associations are malformed',
    });
    expect(await reasonsOf('deals')).toEqual({
      [d(5)]: 'deal_currency_code "ABC" is not a known ISO 4217 currency',
      [d(6)]: '"1e5" is not a decimal amount',
      [d(7)]: '"99999999999999999999" is too large an amount',
      [d(8)]: 'closedate "0000-01-01" is outside 1900–2999',
      [d(9)]: 'closedate "2026-02-30" is not a calendar date',
      [d(10)]: 'hs_is_closed "yes" is not true or false',
      [d(11)]: '"twelve" is not a decimal amount',
      [d(12)]: 'amount is a number, not text',
      [d(13)]: 'closedate "2026-03-01T25:00:00Z" is not a timestamp',
    });
    expect(await reasonsOf('invoices')).toEqual({
      [inv(2)]: 'hs_invoice_status "pending" is not known',
      [inv(3)]: `its company ${c(3)} is not synced (rejected, deleted or not yet listed)`,
      [inv(4)]: 'it has no company association',
      [inv(5)]: 'hs_currency is empty',
      [inv(6)]: '"12.345" has more than 2 decimal places for EUR',
      [inv(7)]: 'hs_invoice_date is empty',
    });
    // Every rejection names the run that met it and keeps what HubSpot sent, made storable.
    expect(new Set((await rejections()).map((row) => row.run_id))).toEqual(new Set([first.runId]));
    const kept = await queryOne<{ typed: number; nul: string }>(
      database.db,
      sql`select
        (select (properties->>'name')::int from sync_rejections where hubspot_id = ${c(3)}) as typed,
        (select properties->>'name' from sync_rejections where hubspot_id = ${c(4)}) as nul`,
    );
    expect(kept).toEqual({ typed: 42, nul: 'Bad\uFFFDCo' });
  });

  it('stores what is valid as it is: a missing owner, a currency without a rate, an unknown company', async () => {
    const deals = await queryRows<{
      hubspot_id: string;
      amount: string | null;
      currency: string | null;
      company: string | null;
      owner: string | null;
    }>(
      database.db,
      sql`select d.hubspot_id, d.amount_minor::text as amount, d.currency, c.hubspot_id as company, d.owner_id::text as owner
        from deals d left join companies c on c.id = d.company_id order by d.hubspot_id`,
    );
    expect(deals).toEqual([
      { hubspot_id: d(1), amount: '100050', currency: 'EUR', company: c(1), owner: null },
      { hubspot_id: d(2), amount: '1500', currency: 'JPY', company: c(1), owner: null },
      { hubspot_id: d(3), amount: null, currency: null, company: c(2), owner: null },
      { hubspot_id: d(4), amount: '10000', currency: 'EUR', company: null, owner: null },
    ]);
    const companies = await queryRows<{ hubspot_id: string; owner: string | null }>(
      database.db,
      sql`select c.hubspot_id, o.hubspot_owner_id as owner from companies c left join owners o on o.id = c.owner_id order by c.hubspot_id`,
    );
    expect(companies).toEqual([
      { hubspot_id: c(1), owner: '501' },
      { hubspot_id: c(2), owner: null },
    ]);
    const invoice = await queryOne<{ number: string | null; balance: string; due: string }>(
      database.db,
      sql`select number, balance_minor::text as balance, due_on::text as due from invoices where external_id = ${inv(8)}`,
    );
    expect(invoice).toEqual({ number: null, balance: '20025', due: '2026-05-01' });
  });

  it('clears a rejection once the record syncs cleanly, and keeps the latest reason of one still bad', async () => {
    portal.served.delete(`companies:${c(3)}`);
    portal.put('companies', c(3), { name: 'Typed, fixed' }, LATER);
    portal.put('deals', d(5), deal({ deal_currency_code: 'CHF' }), LATER);
    portal.put('deals', d(6), deal({ amount: '12,50' }), LATER);
    const deps = testDeps(database, { config });
    deps.clock.set('2026-11-26T13:00:00Z');
    const incremental = await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'incremental' },
    });
    expect(incremental.objects.companies).toMatchObject({ mode: 'incremental', stored: 1, rejected: 0 });
    const companies = await reasonsOf('companies');
    expect(companies[c(3)]).toBeUndefined();
    const deals = await reasonsOf('deals');
    expect(deals[d(5)]).toBeUndefined();
    expect(deals[d(6)]).toBe('"12,50" is not a decimal amount');
    const runOf = await queryOne<{ run: string }>(
      database.db,
      sql`select run_id::text as run from sync_rejections where hubspot_id = ${d(6)}`,
    );
    expect(runOf?.run).toBe(incremental.runId);
    // The invoice that waited for its company is taken when it is read again (the next full listing).
    expect((await reasonsOf('invoices'))[inv(3)]).toBeDefined();
    // A rejected record deleted in HubSpot leaves nothing to fix: its rejection goes with it.
    expect((await reasonsOf('invoices'))[inv(2)]).toBeDefined();
    portal.archive('invoices', inv(2));
    deps.clock.set('2026-11-26T14:00:00Z');
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'full', objects: ['invoices'] },
    });
    expect((await reasonsOf('invoices'))[inv(3)]).toBeUndefined();
    expect((await reasonsOf('invoices'))[inv(2)]).toBeUndefined();
  });

  it('sets aside a bad record met by a webhook re-read and still processes the events', async () => {
    portal.put('contacts', p(5), { email: 'p5@example.com' }, LATER, { companies: [c(1)] });
    portal.served.set(`contacts:${p(1)}`, (o) => ({
      ...o,
      properties: { ...(o.properties as object), email: ['x'] },
    }));
    const at = Date.parse(LATER);
    await database.db.insert(inbox).values(
      [p(1), p(5)].map((id) => ({
        source: 'hubspot' as const,
        key: `contact-${id}`,
        payload: hubspotEvent(
          { subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: id },
          at,
        ),
        receivedAt: new Date(at),
      })),
    );
    const deps = testDeps(database, { config });
    const result = await processHubspotInbox(testContext(deps), testCrm(config));
    expect(result).toMatchObject({ events: 2, failed: 0 });
    const statuses = await queryRows<{ status: string }>(database.db, sql`select status from inbox`);
    expect(statuses.map((row) => row.status)).toEqual(['processed', 'processed']);
    const contact = await queryOne<{ email: string }>(
      database.db,
      sql`select email from contacts where hubspot_id = ${p(5)}`,
    );
    expect(contact?.email).toBe('p5@example.com');
    const rejection = await queryOne<{ reason: string; run_id: string | null }>(
      database.db,
      sql`select reason, run_id::text from sync_rejections where hubspot_id = ${p(1)}`,
    );
    expect(rejection).toEqual({ reason: 'email is a list, not text', run_id: null });
    // The copy stored before is left as it was.
    const kept = await queryOne<{ email: string }>(
      database.db,
      sql`select email from contacts where hubspot_id = ${p(1)}`,
    );
    expect(kept?.email).toBe('p1@example.com');
  });
});

describe('GET /api/v1/sync/rejections', () => {
  it('lists rejections by object type and HubSpot id, with a total and a cursor', async () => {
    const app = testApp(testDeps(database, { config }));
    const all = await app.request('/api/v1/sync/rejections?limit=200', { headers: adminHeaders() });
    expect(all.status).toBe(200);
    const body = (await all.json()) as { data: { objectType: string; hubspotId: string }[]; total: number };
    expect(body.total).toBe((await rejections()).length);
    expect(body.data.map((row) => `${row.objectType}:${row.hubspotId}`)).toEqual(
      (await rejections()).map((row) => `${row.object_type}:${row.hubspot_id}`),
    );

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = `objectType=deals&limit=3${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const response = await app.request(`/api/v1/sync/rejections?${query}`, { headers: adminHeaders() });
      const page = (await response.json()) as {
        data: {
          hubspotId: string;
          reason: string;
          runId: string | null;
          rejectedAt: string;
          properties: unknown;
        }[];
        total: number;
        next: string | null;
      };
      expect(page.total).toBe(8);
      expect(page.data.every((row) => row.reason.length > 0 && row.properties !== null)).toBe(true);
      seen.push(...page.data.map((row) => row.hubspotId));
      after = page.next;
    } while (after);
    expect(seen).toEqual(Object.keys(await reasonsOf('deals')).sort());

    const byRun = await app.request(`/api/v1/sync/rejections?runId=${first.runId}&objectType=companies`, {
      headers: adminHeaders(),
    });
    expect(((await byRun.json()) as { total: number }).total).toBe(4);
  });

  it('refuses bad parameters with a 400 problem, and answers only with the token', async () => {
    const app = testApp(testDeps(database, { config }));
    for (const query of ['objectType=tickets', 'limit=0', 'after=nonsense', 'runId=abc']) {
      const response = await app.request(`/api/v1/sync/rejections?${query}`, { headers: adminHeaders() });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await app.request('/api/v1/sync/rejections')).status).toBe(401);
    const openapi = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(openapi.paths['/sync/rejections']).toBeDefined();
    expect(openapi.components.schemas.SyncRejection).toBeDefined();
    expect(openapi.components.schemas.SyncRun).toBeDefined();
  });
});
