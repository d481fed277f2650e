// Synced and imported changes reach the credit engine: profiles are recomputed and deals that move into
// a checked stage are checked, in the same transaction as the page that changed them.

import { eq, sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { approvalRequests, companies, creditProfiles, deals } from '../../../src/db/schema/index.ts';
import { requestedRescoreJob } from '../../../src/jobs/rescore.ts';
import { fireJob } from '../../../src/jobs/runner.ts';
import { pendingRescore } from '../../../src/services/credit/rescore-requests.ts';
import { importInvoices } from '../../../src/services/imports/import-invoices.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
let database: TestDatabase;

const companyId = bigId(1, 1);
const dealId = bigId(3, 1);
const t = (minutes: number) => new Date(Date.parse('2026-11-26T10:00:00Z') + minutes * 60_000).toISOString();

beforeAll(async () => {
  portal.put(
    'companies',
    companyId,
    { name: 'Northwind', domain: 'northwind.example', hubspot_owner_id: null },
    t(0),
  );
  portal.put(
    'deals',
    dealId,
    {
      dealname: 'Big order',
      amount: '250000.00',
      deal_currency_code: 'USD',
      pipeline: 'default',
      dealstage: 'qualifiedtobuy',
      closedate: null,
      hs_is_closed: 'false',
      hs_is_closed_won: 'false',
      hubspot_owner_id: null,
    },
    t(0),
    { companies: [companyId], contacts: [] },
  );
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

async function ourCompany() {
  const [row] = await database.db.select().from(companies).where(eq(companies.hubspotId, companyId));
  if (!row) throw new Error('company not synced');
  return row;
}

describe('synced data reaches the credit engine', () => {
  it('scores the portfolio after a first sync (an incremental run with no watermark lists everything)', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    const summary = await runSync({
      ctx: testContext(deps),
      crm: testCrm(deps.config),
      input: { mode: 'incremental' },
    });
    // The listing deferred credit work and left a rescore owed, which the minute job then works.
    expect(summary.rescoreOwed).toBe(true);
    const company = await ourCompany();
    expect(await database.db.select().from(creditProfiles)).toEqual([]);
    expect(await fireJob(requestedRescoreJob, deps, deps.clock.now(), 'test')).toBe('ran');
    expect(await pendingRescore(database.db)).toBeNull();
    const [profile] = await database.db
      .select()
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, company.id));
    expect(profile).toMatchObject({ limitSource: 'policy_default', limitMinor: 1_000_000n });
    expect(profile?.score).not.toBeNull();
    const [deal] = await database.db.select().from(deals).where(eq(deals.hubspotId, dealId));
    expect(deal?.creditStatus).toBe('none');
  });

  it('holds a deal that moves into a checked stage beyond available credit, and opens an approval', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    // Changes made in HubSpot after the full sync's watermark (the test clock's 12:00).
    portal.put(
      'deals',
      dealId,
      {
        dealname: 'Big order',
        amount: '250000.00',
        deal_currency_code: 'USD',
        pipeline: 'default',
        dealstage: 'contractsent',
        closedate: null,
        hs_is_closed: 'false',
        hs_is_closed_won: 'false',
        hubspot_owner_id: null,
      },
      t(180),
      { companies: [companyId], contacts: [] },
    );
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(deps.config),
      input: { mode: 'incremental', objects: ['deals'] },
    });
    const [deal] = await database.db.select().from(deals).where(eq(deals.hubspotId, dealId));
    expect(deal?.creditStatus).toBe('hold');
    const requests = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.dealId, deal?.id ?? ''));
    expect(requests).toEqual([expect.objectContaining({ kind: 'deal_credit', status: 'pending' })]);

    // The same stage seen again (a re-sync of an unchanged deal) does not open a second request.
    portal.put('deals', dealId, { dealname: 'Big order (renamed)' }, t(240), {
      companies: [companyId],
      contacts: [],
    });
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(deps.config),
      input: { mode: 'incremental', objects: ['deals'] },
    });
    const again = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.dealId, deal?.id ?? ''));
    expect(again).toHaveLength(1);
  });

  it('recomputes both companies when HubSpot moves an invoice from one to the other', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    const otherId = bigId(1, 2);
    const invoiceId = bigId(4, 1);
    const invoice = (company: string, minutes: number) =>
      portal.put(
        'invoices',
        invoiceId,
        {
          hs_number: 'INV-MOVE',
          hs_currency: 'USD',
          hs_amount_billed: '900.00',
          hs_balance_due: '900.00',
          hs_invoice_date: '2026-11-01',
          hs_due_date: '2026-12-01',
          hs_invoice_status: 'open',
          hs_payment_date: null,
        },
        t(minutes),
        { companies: [company], deals: [] },
      );
    portal.put(
      'companies',
      otherId,
      { name: 'Southwind', domain: 'southwind.example', hubspot_owner_id: null },
      t(300),
    );
    invoice(companyId, 300);
    const sync = () =>
      runSync({
        ctx: testContext(deps),
        crm: testCrm(deps.config),
        input: { mode: 'incremental', objects: ['companies', 'invoices'] },
      });
    await sync();
    const exposureOf = async (hubspotId: string) => {
      const row = await queryOne<{ exposure: string }>(
        database.db,
        sql`select p.exposure_minor::text as exposure from credit_profiles p join companies c on c.id = p.company_id
          where c.hubspot_id = ${hubspotId}`,
      );
      return BigInt(row?.exposure ?? '-1');
    };
    const northBefore = await exposureOf(companyId);
    invoice(otherId, 360);
    await sync();
    expect(northBefore - (await exposureOf(companyId))).toBe(90_000n);
    expect(await exposureOf(otherId)).toBe(90_000n);
  });

  it('recomputes exposure when an imported invoice arrives', async () => {
    const deps = testDeps(database, { config: hubspotConfig() });
    const company = await ourCompany();
    const before = await queryOne<{ exposure: string }>(
      database.db,
      sql`select exposure_minor::text as exposure from credit_profiles where company_id = ${company.id}`,
    );
    await importInvoices({
      ctx: testContext(deps),
      input: {
        source: 'ledger',
        rows: [
          {
            externalId: 'INV-9',
            companyHubspotId: companyId,
            currency: 'USD',
            amount: '1200.00',
            balance: '1200.00',
            issuedOn: '2026-11-01',
            dueOn: '2026-12-01',
            status: 'open',
          },
        ],
      },
    });
    const after = await queryOne<{ exposure: string }>(
      database.db,
      sql`select exposure_minor::text as exposure from credit_profiles where company_id = ${company.id}`,
    );
    expect(BigInt(after?.exposure ?? '0') - BigInt(before?.exposure ?? '0')).toBe(120_000n);
  });
});
