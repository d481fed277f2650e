// A record with more associations than one response carries: list responses return up to 100 per
// type and the v4 batch read pages per object, so every page must be read, in a full listing and in
// an incremental search alike.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;
const CONTACTS = 620;
const companyId = bigId(1, 1);
const dealId = bigId(3, 1);
const contactIds = Array.from({ length: CONTACTS }, (_, index) => bigId(2, index + 1));

function putDeal(name: string, updatedAt: string) {
  portal.put(
    'deals',
    dealId,
    {
      dealname: name,
      amount: '1000.00',
      deal_currency_code: 'USD',
      pipeline: 'default',
      dealstage: 'qualifiedtobuy',
      hs_is_closed: 'false',
      hs_is_closed_won: 'false',
    },
    updatedAt,
    { companies: [companyId], contacts: contactIds },
  );
}

beforeAll(async () => {
  portal.put('companies', companyId, { name: 'Crowded Co' }, '2026-01-01T00:00:00.000Z');
  for (const [index, id] of contactIds.entries()) {
    portal.put('contacts', id, { email: `c${index}@example.com` }, '2026-01-01T00:00:01.000Z', {
      companies: [companyId],
    });
  }
  putDeal('Town hall', '2026-01-01T00:00:02.000Z');
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

async function linkedContacts() {
  const row = await queryOne<{ n: string }>(
    database.db,
    sql`select count(*)::text as n from deal_contacts dc join deals d on d.id = dc.deal_id
      where d.hubspot_id = ${dealId}`,
  );
  return Number(row?.n);
}

describe('association paging', () => {
  it('links every contact of a deal listed with more than 100, past one batch-read page too', async () => {
    const deps = testDeps(database, { config });
    await runSync({ ctx: testContext(deps), crm: testCrm(config), input: { mode: 'full' } });
    expect(await linkedContacts()).toBe(CONTACTS);
    // The list response was cut at 100; the rest came from v4 batch reads, in more than one page.
    const associationReads = portal.log.filter((entry) => entry.path.endsWith('/deals/contacts/batch/read'));
    expect(associationReads.length).toBeGreaterThanOrEqual(2);
  });

  it('links every contact when the deal arrives through search (incremental)', async () => {
    const deps = testDeps(database, { config });
    await database.db.execute(sql`delete from deal_contacts`);
    // Modified after the full run's watermark (the injected clock when it started).
    putDeal('Town hall, renamed', new Date(deps.clock.now().getTime() + 60_000).toISOString());
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      input: { mode: 'incremental', objects: ['deals'] },
    });
    expect(await linkedContacts()).toBe(CONTACTS);
  });
});
