// Property: whatever pages HubSpot serves (see test/support/hostile-hubspot.ts), a full sync finishes,
// every valid record is stored with its values, and every invalid one is in sync_rejections.

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { parallelWritesFor, runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import {
  expectedOutcome,
  type HostilePortal,
  type HostileType,
  hostilePortal,
} from '../../support/hostile-hubspot.ts';
import { hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

const LISTED: Record<string, HostileType> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: 'invoices',
  '0-53': 'invoices',
};

/** Serves the generated pages in place of the fake's own records; archived listings are empty. */
function serve(hostile: HostilePortal) {
  portal.faults = [
    (request) => {
      const url = new URL(request.url);
      const last = url.pathname.split('/').at(-1) ?? '';
      const type = url.pathname.includes('/crm/owners/')
        ? 'owners'
        : url.pathname.includes('/crm/objects/')
          ? LISTED[last]
          : undefined;
      if (request.method !== 'GET' || !type) return undefined;
      if (url.searchParams.get('archived') === 'true') return HttpResponse.json({ results: [] });
      const index = Number(url.searchParams.get('after') ?? '0');
      const pages = hostile.pages[type];
      return HttpResponse.json({
        results: pages[index] ?? [],
        ...(index + 1 < pages.length ? { paging: { next: { after: String(index + 1) } } } : {}),
      });
    },
  ];
}

const TABLES = `owners, companies, contacts, deals, deal_contacts, invoices, sync_state, sync_runs,
  sync_rejections, credit_rescore_requests`;

const KEY: Record<HostileType, string> = {
  owners: 'hubspot_owner_id',
  companies: 'hubspot_id',
  contacts: 'hubspot_id',
  deals: 'hubspot_id',
  invoices: 'external_id',
};

async function storedRows(type: HostileType): Promise<Map<string, Record<string, string | null>>> {
  const columns: Record<HostileType, string> = {
    owners: 'email',
    companies: 't.name, t.domain',
    contacts: 't.email, c.hubspot_id as company',
    deals: 't.amount_minor::text, t.currency, t.close_date::text, c.hubspot_id as company',
    invoices: `t.amount_minor::text, t.balance_minor::text, t.currency, t.issued_on::text, t.due_on::text,
      c.hubspot_id as company`,
  };
  const join = ['contacts', 'deals', 'invoices'].includes(type)
    ? 'left join companies c on c.id = t.company_id'
    : '';
  const rows = await queryRows<Record<string, string | null>>(
    database.db,
    sql.raw(`select t.${KEY[type]} as key, ${columns[type]} from ${type} t ${join}`),
  );
  return new Map(rows.map(({ key, ...values }) => [String(key), values]));
}

describe('a full sync over hostile HubSpot pages', () => {
  it('always finishes, storing every valid record and setting every invalid one aside', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePortal, async (hostile) => {
        await database.db.execute(sql.raw(`truncate ${TABLES} cascade`));
        serve(hostile);
        const deps = testDeps(database, { config });
        const summary = await runSync({
          ctx: testContext(deps),
          crm: testCrm(config),
          input: { mode: 'full' },
          parallelWrites: parallelWritesFor(database.driver),
        });
        const run = await queryOne<{ status: string }>(database.db, sql`select status from sync_runs`);
        expect(run?.status).toBe('succeeded');

        const { stored, rejected, storedCompanies } = expectedOutcome(hostile);
        const rejections = await queryRows<{ object_type: string; hubspot_id: string; reason: string }>(
          database.db,
          sql`select object_type, hubspot_id, reason from sync_rejections`,
        );
        expect(rejections.every((row) => row.reason.length > 0)).toBe(true);
        expect(new Set(rejections.map((row) => `${row.object_type}:${row.hubspot_id}`))).toEqual(
          new Set(rejected.map((record) => `${record.type}:${record.key}`)),
        );
        for (const type of ['owners', 'companies', 'contacts', 'deals', 'invoices'] as const) {
          const rows = await storedRows(type);
          const wanted = stored.filter((record) => record.type === type);
          expect([...rows.keys()].sort(), type).toEqual(wanted.map((record) => String(record.key)).sort());
          for (const record of wanted) {
            const row = rows.get(String(record.key));
            expect(row, `${type} ${record.key}`).toMatchObject(record.expect);
            if (type === 'contacts' || type === 'deals' || type === 'invoices') {
              const company =
                record.companyId && storedCompanies.has(record.companyId) ? record.companyId : null;
              expect(row?.company, `${type} ${record.key} company`).toBe(company);
            }
          }
          // Every record served was received, and each is accounted for.
          const served = hostile.pages[type].flat().length;
          const totals = summary.objects[type];
          expect(totals?.received, type).toBe(served);
          expect((totals?.stored ?? 0) + (totals?.skipped ?? 0) + (totals?.rejected ?? 0), type).toBe(served);
        }
      }),
      { numRuns: 25, seed: 20_261_206 },
    );
  }, 300_000);
});
