// From the 2026-09 API HubSpot checks CRM writes against the portal's validation rules. A record it
// refuses is isolated: stored with HubSpot's reason and shown by the admin API, while the rest of its
// batch is written and the outbox row is delivered, never retried or dead-lettered for it.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { hubspotOutboxHandlers } from '../../../src/integrations/hubspot/outbox-handlers.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.ts';
import { queueHubspotCreditPush } from '../../../src/services/outbox/effects.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;
const companyIds: string[] = [];

/** The portal's rule: a credit score above 90 needs a review date (stands in for any admin rule). */
const SCORE_RULE = 'Credit score above 90 requires a next review date';

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
  for (let i = 0; i < 7; i++) {
    portal.put('companies', bigId(1, i), { name: `Company ${i}` }, '2026-01-01T00:00:00Z');
    const [row] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into companies (hubspot_id, name, currency) values (${bigId(1, i)}, ${`Company ${i}`}, 'EUR') returning id`,
    );
    companyIds.push(String(row?.id));
    await database.db.execute(
      sql`insert into credit_profiles (company_id, limit_minor, currency, limit_source, terms_days, score, risk_level,
          exposure_minor, available_minor, next_review_on)
        values (${row?.id}, 1000000, 'EUR', 'approved', 30, ${50 + i}, 'medium', 0, 1000000, '2027-01-15')`,
    );
  }
  portal.validationRules = [
    (_type, _id, properties) =>
      Number(properties.creditline_credit_score ?? 0) > 90 && !properties.creditline_next_review_date
        ? SCORE_RULE
        : null,
  ];
});
afterEach(() => {
  portal.validationRefusal = 'batch';
});
afterAll(async () => {
  server.close();
  await database.close();
});

const deps = () => testDeps(database, { config });

function dispatcher() {
  const d = deps();
  return new OutboxDispatcher({
    db: database.db,
    handlers: hubspotOutboxHandlers(config, testCrm(config)),
    clock: d.clock,
    logger: silentLogger,
    maxAttempts: 3,
    batchSize: 10,
    pollMs: 50,
  });
}

async function push(ids: readonly string[]) {
  const d = deps();
  await database.db.transaction((tx) => queueHubspotCreditPush(tx, d.clock.now(), 'company', ids));
  await dispatcher().drain(5);
  return queryOne<{ status: string; attempts: number; result: Record<string, number> }>(
    database.db,
    sql`select status, attempts, result from outbox order by id desc limit 1`,
  );
}

/** Breaks the portal's rule for these companies: a score above 90 and no review date. */
async function breakRule(indexes: number[]) {
  for (const i of indexes) {
    await database.db.execute(
      sql`update credit_profiles set score = 95, next_review_on = null where company_id = ${companyIds[i]}`,
    );
  }
}

const stored = (index: number) => portal.objects.companies.get(bigId(1, index))?.properties;

describe('write-back refused per record (2026-09 validation rules)', () => {
  it('isolates a record refused in errors[] of a 200 answer and delivers the rest', async () => {
    portal.validationRefusal = 'per-record';
    await breakRule([1]);
    const row = await push(companyIds.slice(0, 4));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, result: { sent: 3, refused: 1 } });
    expect(stored(0)?.creditline_credit_score).toBe('50');
    expect(stored(1)?.creditline_credit_score).toBeUndefined();
    expect(stored(3)?.creditline_credit_score).toBe('53');

    const response = await testApp(deps()).request('/api/v1/hubspot/write-back/rejections', {
      headers: adminHeaders(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: [
        {
          objectType: 'company',
          recordId: companyIds[1],
          hubspotId: bigId(1, 1),
          properties: expect.objectContaining({
            creditline_credit_score: '95',
            creditline_next_review_date: '',
          }),
          category: 'VALIDATION_ERROR',
          message: SCORE_RULE,
          rejectedAt: '2026-11-26T12:00:00.000Z',
        },
      ],
      nextOffset: null,
    });
  });

  it('halves a batch HubSpot refuses whole (400, no record named) until the refused records stand alone', async () => {
    await breakRule([4, 6]);
    const before = portal.updates.length;
    const row = await push(companyIds.slice(4, 7));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, result: { sent: 1, refused: 2 } });
    expect(stored(5)?.creditline_credit_score).toBe('55');
    expect(stored(4)?.creditline_credit_score).toBeUndefined();
    // [4,5,6] refused → [4,5] refused → [4] refused, [5] taken → [6] refused.
    expect(portal.updates.length - before).toBe(5);
    const rejected = await queryRows<{ hubspot_id: string; message: string }>(
      database.db,
      sql`select hubspot_id, message from hubspot_write_rejections where record_id in (${companyIds[4]}, ${companyIds[6]}) order by hubspot_id`,
    );
    expect(rejected).toEqual([
      { hubspot_id: bigId(1, 4), message: SCORE_RULE },
      { hubspot_id: bigId(1, 6), message: SCORE_RULE },
    ]);
  });

  it('stores a batch of one refused with a 400 as rejected, and does not send it again unchanged', async () => {
    await breakRule([2]);
    const row = await push([companyIds[2] ?? '']);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, result: { sent: 0, refused: 1 } });
    const before = portal.updates.length;
    const again = await push([companyIds[2] ?? '']);
    expect(again).toMatchObject({ status: 'delivered', result: { sent: 0, refused: 1 } });
    expect(portal.updates.length).toBe(before);
  });

  it('sends a refused record again once its values change, and forgets the refusal when HubSpot takes it', async () => {
    await database.db.execute(
      sql`update credit_profiles set next_review_on = '2027-02-01' where company_id = ${companyIds[2]}`,
    );
    const row = await push([companyIds[2] ?? '']);
    expect(row).toMatchObject({ status: 'delivered', result: { sent: 1, refused: 0 } });
    expect(stored(2)).toMatchObject({
      creditline_credit_score: '95',
      creditline_next_review_date: '2027-02-01',
    });
    const left = await queryRows<{ record_id: string }>(
      database.db,
      sql`select record_id from hubspot_write_rejections order by record_id`,
    );
    expect(left.map((entry) => entry.record_id).sort()).toEqual(
      [companyIds[1], companyIds[4], companyIds[6]].sort(),
    );
  });

  it('lists rejections by object type, a page at a time, and refuses a bad query with a 400', async () => {
    const app = testApp(deps());
    const first = await app.request('/api/v1/hubspot/write-back/rejections?objectType=company&limit=2', {
      headers: adminHeaders(),
    });
    const page = (await first.json()) as { data: unknown[]; nextOffset: number | null };
    expect(page.data).toHaveLength(2);
    expect(page.nextOffset).toBe(2);
    const deals = await app.request('/api/v1/hubspot/write-back/rejections?objectType=deal', {
      headers: adminHeaders(),
    });
    expect(await deals.json()).toEqual({ data: [], nextOffset: null });
    const bad = await app.request('/api/v1/hubspot/write-back/rejections?objectType=ticket', {
      headers: adminHeaders(),
    });
    expect(bad.status).toBe(400);
    const anonymous = await app.request('/api/v1/hubspot/write-back/rejections');
    expect(anonymous.status).toBe(401);
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(document.paths['/hubspot/write-back/rejections']).toHaveProperty('get');
    expect(Object.keys(document.components.schemas.HubspotWriteRejection?.properties ?? {})).toEqual(
      expect.arrayContaining(['recordId', 'properties', 'category', 'message', 'rejectedAt']),
    );
  });
});
