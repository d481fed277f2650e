import { sql } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { hubspotOutboxHandlers } from '../../../src/integrations/hubspot/outbox-handlers.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.ts';
import { queueHubspotCreditPush, queueHubspotTask } from '../../../src/services/outbox/effects.ts';
import { FakePortal, failTimes } from '../../msw/hubspot.ts';
import { testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const config = hubspotConfig();
let database: TestDatabase;
const companyIds: string[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
  for (let i = 0; i < 5; i++) {
    portal.put('companies', bigId(1, i), { name: `Company ${i}` }, '2026-01-01T00:00:00Z');
    const [row] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into companies (hubspot_id, name, currency) values (${bigId(1, i)}, ${`Company ${i}`}, 'EUR') returning id`,
    );
    companyIds.push(String(row?.id));
    await database.db.execute(
      sql`insert into credit_profiles (company_id, limit_minor, currency, limit_source, terms_days, score, risk_level,
          exposure_minor, available_minor, next_review_on)
        values (${row?.id}, ${5_000_000n + BigInt(i)}, 'EUR', 'approved', 30, ${60 + i}, 'medium', 1250050, ${3_749_950n + BigInt(i)}, '2027-01-15')`,
    );
  }
  await database.db.execute(
    sql`insert into risk_flags (company_id, code, severity, facts, raised_at) values
      (${companyIds[0]}, 'OVER_LIMIT', 'critical', '{}', now()), (${companyIds[0]}, 'LATE_PAYER', 'warning', '{}', now())`,
  );
  // Company 4 was merged away in HubSpot since we last synced it.
  portal.archive('companies', bigId(1, 4));
});
afterAll(async () => {
  server.close();
  await database.close();
});

/** The time rows are queued at: the dispatchers' clocks start there too. */
const queuedAt = new Date('2026-11-26T12:00:00Z');

function dispatcher() {
  const deps = testDeps(database, { config });
  return new OutboxDispatcher({
    db: database.db,
    handlers: hubspotOutboxHandlers(config, testCrm(config)),
    clock: deps.clock,
    logger: silentLogger,
    maxAttempts: 3,
    batchSize: 10,
    pollMs: 50,
  });
}

const batchUpdates = () => portal.updates.filter((update) => update.type === 'companies');

describe('HubSpot write-back', () => {
  it('creates the Credit group and properties once, and leaves them alone the second time', async () => {
    const crm = testCrm(config);
    const first = await crm.ensureCreditProperties();
    expect(first.created).toHaveLength(12);
    expect(portal.properties.get('companies:creditline_risk_level')).toMatchObject({
      groupName: 'creditline_credit',
      type: 'enumeration',
    });
    const second = await crm.ensureCreditProperties();
    expect(second).toEqual({
      created: [],
      updated: [],
      unchanged: expect.arrayContaining(['deals:creditline_credit_status']),
    });
    expect(second.unchanged).toHaveLength(10);
  });

  it('sends changed records in one batch, exact decimals, and treats a merged record as gone', async () => {
    await database.db.transaction((tx) => queueHubspotCreditPush(tx, queuedAt, 'company', companyIds));
    await dispatcher().drain(5);
    expect(batchUpdates()).toHaveLength(1);
    const inputs = batchUpdates()[0]?.inputs ?? [];
    expect(inputs).toHaveLength(5);
    expect(inputs[0]).toEqual({
      id: bigId(1, 0),
      properties: {
        creditline_credit_limit: '50000.00',
        creditline_available_credit: '37499.50',
        creditline_exposure: '12500.50',
        creditline_credit_score: '60',
        creditline_risk_level: 'medium',
        creditline_risk_flags: 'LATE_PAYER;OVER_LIMIT',
        creditline_payment_terms: '30',
        creditline_next_review_date: '2027-01-15',
      },
    });
    const outbox = await queryOne<{ status: string; result: { sent: number; gone: number } }>(
      database.db,
      sql`select status, result from outbox order by id desc limit 1`,
    );
    expect(outbox).toMatchObject({ status: 'delivered', result: { sent: 4, gone: 1 } });
    const gone = await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from hubspot_pushed_values where gone_at is not null`,
    );
    expect(gone?.n).toBe('1');
  });

  it('sends nothing when nothing changed, and only the changed record otherwise', async () => {
    await database.db.transaction((tx) => queueHubspotCreditPush(tx, queuedAt, 'company', companyIds));
    await dispatcher().drain(5);
    expect(batchUpdates()).toHaveLength(1);

    await database.db.execute(sql`update credit_profiles set score = 71 where company_id = ${companyIds[2]}`);
    await database.db.transaction((tx) => queueHubspotCreditPush(tx, queuedAt, 'company', companyIds));
    await dispatcher().drain(5);
    expect(batchUpdates()).toHaveLength(2);
    expect(
      batchUpdates()[1]?.inputs.map((input) => [input.id, input.properties.creditline_credit_score]),
    ).toEqual([[bigId(1, 2), '71']]);
  });

  it('sets aside the records a refused batch names as not found and sends the rest', async () => {
    await database.db.execute(
      sql`update credit_profiles set score = 80 where company_id in (${companyIds[1]}, ${companyIds[3]})`,
    );
    portal.faults = [
      failTimes('/batch/update', 1, () =>
        HttpResponse.json(
          { status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: [bigId(1, 3)] } },
          { status: 404 },
        ),
      ),
    ];
    const before = batchUpdates().length;
    await database.db.transaction((tx) => queueHubspotCreditPush(tx, queuedAt, 'company', companyIds));
    await dispatcher().drain(5);
    portal.faults = [];
    expect(
      batchUpdates()
        .slice(before)
        .map((update) => update.inputs.map((input) => input.id)),
    ).toEqual([[bigId(1, 1)]]);
    const outbox = await queryOne<{ status: string; result: unknown }>(
      database.db,
      sql`select status, result from outbox order by id desc limit 1`,
    );
    expect(outbox).toMatchObject({ status: 'delivered', result: { sent: 1, gone: 1 } });
  });

  it('stores a record HubSpot refused with its reason, delivers the row, and sends it again only once its values change', async () => {
    await database.db.execute(sql`update credit_profiles set score = 42 where company_id = ${companyIds[2]}`);
    // A 207 with the refusal in errors[] (the pre-2026-09 multi-status answer; 2026-09 answers 200).
    portal.faults = [
      failTimes('/batch/update', 1, () =>
        HttpResponse.json(
          {
            status: 'COMPLETE',
            results: [],
            errors: [
              {
                status: 'error',
                category: 'VALIDATION_ERROR',
                message: 'Property values were not valid',
                context: { ids: [bigId(1, 2)] },
              },
            ],
          },
          { status: 207 },
        ),
      ),
    ];
    const clock = new ManualClock('2026-11-26T12:00:00Z');
    const worker = new OutboxDispatcher({
      db: database.db,
      handlers: hubspotOutboxHandlers(config, testCrm(config)),
      clock,
      logger: silentLogger,
      maxAttempts: 3,
      batchSize: 10,
      pollMs: 50,
    });
    const before = batchUpdates().length;
    await database.db.transaction((tx) =>
      queueHubspotCreditPush(tx, queuedAt, 'company', [companyIds[2] ?? '']),
    );
    await worker.drain(5);
    portal.faults = [];
    const row = await queryOne<{ status: string; result: unknown }>(
      database.db,
      sql`select status, result from outbox order by id desc limit 1`,
    );
    expect(row).toMatchObject({ status: 'delivered', result: { sent: 0, refused: 1 } });
    const rejection = await queryOne<{ category: string; message: string; score: string; at: Date }>(
      database.db,
      sql`select category, message, properties->>'creditline_credit_score' as score, rejected_at as at
        from hubspot_write_rejections where record_id = ${companyIds[2]}`,
    );
    expect(rejection).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: 'Property values were not valid',
      score: '42',
    });
    expect(new Date(String(rejection?.at)).toISOString()).toBe('2026-11-26T12:00:00.000Z');
    const remembered = await queryOne<{ score: string }>(
      database.db,
      sql`select pushed_values->>'creditline_credit_score' as score from hubspot_pushed_values where record_id = ${companyIds[2]}`,
    );
    expect(remembered?.score).not.toBe('42');

    // The same values are not sent again: HubSpot would refuse them again. (The refusing answer
    // came from a fault, before the portal stored anything, so it saw no update yet.)
    clock.advance(60 * 60_000);
    await database.db.transaction((tx) =>
      queueHubspotCreditPush(tx, queuedAt, 'company', [companyIds[2] ?? '']),
    );
    await worker.drain(5);
    expect(batchUpdates().length - before).toBe(0);

    // New values are tried again; HubSpot takes them, and the refusal is forgotten.
    await database.db.execute(sql`update credit_profiles set score = 43 where company_id = ${companyIds[2]}`);
    await database.db.transaction((tx) =>
      queueHubspotCreditPush(tx, queuedAt, 'company', [companyIds[2] ?? '']),
    );
    await worker.drain(5);
    const sent = batchUpdates().slice(before);
    expect(
      sent.map((update) => update.inputs.map((input) => input.properties.creditline_credit_score)),
    ).toEqual([['43']]);
    const left = await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from hubspot_write_rejections where record_id = ${companyIds[2]}`,
    );
    expect(left?.n).toBe('0');
    const statuses = await queryRows<{ status: string }>(
      database.db,
      sql`select status from outbox order by id desc limit 3`,
    );
    expect(statuses.map((entry) => entry.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('still retries the row when HubSpot fails in a way that passes (5xx)', async () => {
    const strict = hubspotConfig({ HUBSPOT_MAX_RETRIES: '0' });
    await database.db.execute(sql`update credit_profiles set score = 44 where company_id = ${companyIds[1]}`);
    portal.faults = [failTimes('/batch/update', 1, () => HttpResponse.json({}, { status: 503 }))];
    const clock = new ManualClock('2026-11-26T12:00:00Z');
    const worker = new OutboxDispatcher({
      db: database.db,
      handlers: hubspotOutboxHandlers(strict, testCrm(strict)),
      clock,
      logger: silentLogger,
      maxAttempts: 3,
      batchSize: 10,
      pollMs: 50,
    });
    await database.db.transaction((tx) =>
      queueHubspotCreditPush(tx, queuedAt, 'company', [companyIds[1] ?? '']),
    );
    await worker.drain(5);
    const pending = await queryOne<{ status: string; last_error: string }>(
      database.db,
      sql`select status, last_error from outbox order by id desc limit 1`,
    );
    expect(pending?.status).toBe('pending');
    expect(pending?.last_error).toContain('503');
    portal.faults = [];
    clock.advance(60 * 60_000);
    await worker.drain(5);
    const delivered = await queryOne<{ status: string }>(
      database.db,
      sql`select status from outbox order by id desc limit 1`,
    );
    expect(delivered?.status).toBe('delivered');
    expect(batchUpdates().at(-1)?.inputs).toEqual([
      expect.objectContaining({
        id: bigId(1, 1),
        properties: expect.objectContaining({ creditline_credit_score: '44' }),
      }),
    ]);
  });

  it('creates a follow-up task on the company for its owner', async () => {
    const [owner] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into owners (hubspot_owner_id, email) values ('501', 'ana@example.com') returning id`,
    );
    await database.db.transaction((tx) =>
      queueHubspotTask(
        tx,
        queuedAt,
        {
          ownerId: String(owner?.id),
          companyId: companyIds[1] ?? '',
          subject: 'Call about overdue invoice',
          body: 'INV-1 is 30 days late',
          dueAt: '2026-12-01T09:00:00Z',
        },
        'task:test:1',
      ),
    );
    await dispatcher().drain(5);
    expect(portal.tasks).toHaveLength(1);
    expect(portal.tasks[0]).toMatchObject({
      properties: {
        hs_task_subject: 'Call about overdue invoice',
        hubspot_owner_id: '501',
        hs_timestamp: '2026-12-01T09:00:00.000Z',
      },
      associations: [
        {
          to: { id: bigId(1, 1) },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }],
        },
      ],
    });
  });
});
