import { sql } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { HubspotRequestError } from '../../../src/integrations/hubspot/errors.ts';
import { parallelWritesFor, runSync } from '../../../src/services/sync/run.ts';
import { FakePortal, failTimes } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const sizes = { companies: 230, contacts: 310, deals: 120, invoices: 205 };
let first: TestDatabase;
let second: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, sizes);
  server.listen({ onUnhandledFrame: 'error' });
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterEach(() => {
  portal.faults = [];
});
afterAll(async () => {
  server.close();
  await Promise.all([first.close(), second.close()]);
});

async function checksum(database: TestDatabase) {
  return queryOne<{ companies: string; contacts: string; deals: string; invoices: string; links: string }>(
    database.db,
    sql`select
      (select md5(string_agg(c.hubspot_id || c.name || coalesce(o.hubspot_owner_id, '-'), ',' order by c.hubspot_id))
        from companies c left join owners o on o.id = c.owner_id) as companies,
      (select md5(string_agg(ct.hubspot_id || coalesce(c.hubspot_id, '-'), ',' order by ct.hubspot_id))
        from contacts ct left join companies c on c.id = ct.company_id) as contacts,
      (select md5(string_agg(d.hubspot_id || coalesce(d.amount_minor::text, '-') || c.hubspot_id, ',' order by d.hubspot_id))
        from deals d join companies c on c.id = d.company_id) as deals,
      (select md5(string_agg(i.external_id || i.amount_minor || i.balance_minor || i.status || coalesce(i.paid_on::text, '-'), ',' order by i.external_id))
        from invoices i) as invoices,
      (select count(*)::text from deal_contacts) as links`,
  );
}

describe('full sync', () => {
  it('pages through every object with its associations and keeps ids and amounts exact', async () => {
    const deps = testDeps(first, { config: hubspotConfig() });
    const summary = await runSync({
      ctx: testContext(deps),
      crm: testCrm(deps.config),
      input: { mode: 'full' },
    });
    expect(summary.objects.companies?.stored).toBe(sizes.companies);
    expect(summary.objects.contacts?.stored).toBe(sizes.contacts);
    expect(summary.objects.deals?.pages).toBe(2);
    expect(summary.objects.invoices?.stored).toBe(sizes.invoices);
    expect(portal.requestsTo('/crm/objects/2026-09/0-53')).toBe(4); // 3 pages + the archived sweep

    const contact = await queryOne<{ company: string }>(
      first.db,
      sql`select c.hubspot_id as company from contacts ct join companies c on c.id = ct.company_id where ct.hubspot_id = ${bigId(2, 235)}`,
    );
    expect(contact?.company).toBe(bigId(1, 5));
    const deal = await queryOne<{
      amount_minor: string;
      currency: string;
      contacts: string;
      is_won: boolean;
    }>(
      first.db,
      sql`select d.amount_minor::text, d.currency, d.is_won, (select count(*)::text from deal_contacts dc where dc.deal_id = d.id) as contacts
        from deals d where d.hubspot_id = ${bigId(3, 4)}`,
    );
    expect(deal).toEqual({ amount_minor: '100450', currency: 'EUR', contacts: '2', is_won: false });
    const invoice = await queryOne<{
      amount_minor: string;
      balance_minor: string;
      status: string;
      paid_on: string;
      deal: string;
    }>(
      first.db,
      sql`select i.amount_minor::text, i.balance_minor::text, i.status, i.paid_on::text, d.hubspot_id as deal
        from invoices i join deals d on d.id = i.deal_id where i.external_id = ${bigId(4, 8)}`,
    );
    expect(invoice).toEqual({
      amount_minor: '20825',
      balance_minor: '0',
      status: 'paid',
      paid_on: '2026-02-20',
      deal: bigId(3, 8),
    });
    const owner = await queryOne<{ n: string }>(
      first.db,
      sql`select count(*)::text as n from companies where owner_id is not null`,
    );
    expect(owner?.n).toBe(String(sizes.companies / 2));
  });

  it('resumes a run killed mid-listing to the same data as an uninterrupted run', async () => {
    const config = hubspotConfig({ HUBSPOT_MAX_RETRIES: '0' });
    const deps = testDeps(second, { config });
    let contactPages = 0;
    portal.faults = [
      (request) => {
        if (!new URL(request.url).pathname.endsWith('/objects/2026-09/contacts')) return undefined;
        contactPages++;
        return contactPages === 3 ? HttpResponse.error() : undefined;
      },
    ];
    const parallelWrites = parallelWritesFor(second.driver);
    await expect(
      runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' }, parallelWrites }),
    ).rejects.toBeInstanceOf(HubspotRequestError);
    const partial = await queryOne<{ n: string; cursor: string }>(
      second.db,
      sql`select (select count(*)::text from contacts) as n, (select cursor from sync_state where object_type = 'contacts') as cursor`,
    );
    expect(partial).toEqual({ n: '200', cursor: '200' });
    const runs = await queryRows<{ status: string }>(
      second.db,
      sql`select status from sync_runs order by id`,
    );
    expect(runs.map((run) => run.status)).toEqual(['failed']);

    portal.faults = [];
    const resumed = await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'incremental' },
    });
    // Contacts continue from the saved cursor: only the last page is listed again.
    expect(resumed.objects.contacts?.mode).toBe('full');
    expect(resumed.objects.contacts?.received).toBe(110);
    expect(await checksum(second)).toEqual(await checksum(first));
  });

  it('retries 5xx responses and reports the retries', async () => {
    const deps = testDeps(second, { config: hubspotConfig() });
    portal.faults = [
      failTimes('/crm/owners/2026-09', 2, () => HttpResponse.json({ status: 'error' }, { status: 502 })),
    ];
    const crm = testCrm(deps.config);
    const summary = await runSync({
      ctx: testContext(deps),
      crm,
      input: { mode: 'full', objects: ['owners'] },
    });
    expect(summary.objects.owners?.stored).toBe(1);
    expect(crm.stats().retries).toBe(2);
  });
});
