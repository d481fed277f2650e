// Working off the webhook inbox when things go wrong: HubSpot down for longer than the attempt limit
// parks nothing; an event that cannot be applied is isolated and parked alone while the events around
// it are applied; events claimed by another worker are left to it.

import { eq, sql } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { companies, inbox } from '../../../src/db/schema/index.ts';
import { INBOX_MAX_ATTEMPTS, processHubspotInbox } from '../../../src/services/webhooks/process.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { bigId, hubspotConfig, testCrm } from '../../support/hubspot.ts';
import { hubspotEvent } from '../../support/hubspot-webhooks.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
// No retries inside a call, so an outage shows up on the first attempt.
const config = hubspotConfig({ HUBSPOT_MAX_RETRIES: '0' });
let database: TestDatabase;

beforeAll(async () => {
  for (let index = 1; index <= 4; index++) {
    portal.put('companies', bigId(1, index), { name: `Company ${index}` }, '2026-06-01T00:00:00.000Z');
  }
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});
beforeEach(async () => {
  server.resetHandlers();
  await database.db.delete(inbox);
  await database.db.delete(companies);
});

async function record(events: { key: string; payload: unknown }[], claimedUntil: Date | null = null) {
  await database.db.insert(inbox).values(
    events.map((event, index) => ({
      source: 'hubspot' as const,
      key: event.key,
      payload: event.payload,
      receivedAt: new Date(Date.parse('2026-06-01T00:00:00Z') + index),
      claimedUntil,
    })),
  );
}

const creation = (index: number) => ({
  key: `company-${index}`,
  payload: hubspotEvent(
    { subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: bigId(1, index) },
    Date.parse('2026-06-01T00:00:00Z'),
  ),
});

const inboxRows = () =>
  queryRows<{ key: string; status: string; attempts: number; error: string | null }>(
    database.db,
    sql`select key, status, attempts, error from inbox order by key`,
  );

describe('the HubSpot inbox under failure', () => {
  it('parks nothing while HubSpot is down, however long, and applies everything once it is back', async () => {
    const deps = testDeps(database, { config });
    await record([creation(1), creation(2)]);
    // Every call fails, the cheap one that checks whether HubSpot answers at all included.
    server.use(http.all('*/crm/*', () => HttpResponse.json({ status: 'error' }, { status: 503 })));
    for (let round = 0; round < INBOX_MAX_ATTEMPTS + 2; round++) {
      const result = await processHubspotInbox(testContext(deps), testCrm(config));
      expect(result).toMatchObject({ events: 2, failed: 2 });
    }
    for (const row of await inboxRows()) {
      expect(row).toMatchObject({ status: 'received', attempts: 0 });
      expect(row.error).toMatch(/503/);
    }
    server.resetHandlers();
    expect(await processHubspotInbox(testContext(deps), testCrm(config))).toMatchObject({
      events: 2,
      failed: 0,
    });
    expect((await inboxRows()).map((row) => row.status)).toEqual(['processed', 'processed']);
    expect(await database.db.select().from(companies)).toHaveLength(2);
  });

  it('isolates an event it cannot apply: the others are applied, it alone is retried and then parked', async () => {
    const deps = testDeps(database, { config });
    // An event stored without a subscription type cannot be interpreted.
    await record([
      creation(1),
      creation(2),
      { key: 'broken', payload: { eventId: 1, objectId: '1' } },
      creation(3),
    ]);
    const first = await processHubspotInbox(testContext(deps), testCrm(config));
    expect(first).toMatchObject({ events: 4, failed: 1 });
    expect(await database.db.select().from(companies)).toHaveLength(3);
    const rows = await inboxRows();
    expect(rows.find((row) => row.key === 'broken')).toMatchObject({ status: 'received', attempts: 1 });
    expect(rows.filter((row) => row.status === 'processed')).toHaveLength(3);
    for (let round = 1; round < INBOX_MAX_ATTEMPTS; round++) {
      await processHubspotInbox(testContext(deps), testCrm(config));
    }
    const [broken] = await database.db.select().from(inbox).where(eq(inbox.key, 'broken'));
    expect(broken).toMatchObject({ status: 'failed', attempts: INBOX_MAX_ATTEMPTS });
  });

  it('leaves events another worker has claimed to it, and takes them over when the claim lapses', async () => {
    const deps = testDeps(database, { config });
    const now = testContext(deps).now;
    await record([creation(1), creation(2)]);
    await record(
      [creation(3), creation(4)].map((event) => ({ ...event })),
      new Date(now.getTime() + 60_000),
    );
    expect(await processHubspotInbox(testContext(deps), testCrm(config))).toMatchObject({
      events: 2,
      failed: 0,
    });
    expect((await inboxRows()).map((row) => `${row.key}:${row.status}`)).toEqual([
      'company-1:processed',
      'company-2:processed',
      'company-3:received',
      'company-4:received',
    ]);
    const later = { ...testContext(deps), now: new Date(now.getTime() + 61_000) };
    expect(await processHubspotInbox(later, testCrm(config))).toMatchObject({ events: 2, failed: 0 });
    expect(await database.db.select().from(companies)).toHaveLength(4);
  });
  it('isolates a record HubSpot keeps failing on while HubSpot itself answers', async () => {
    const deps = testDeps(database, { config });
    const poison = bigId(1, 4);
    await record([creation(1), creation(2), creation(3), creation(4)]);
    portal.faults.push(async (request) => {
      if (!new URL(request.url).pathname.endsWith('/batch/read') || request.method !== 'POST')
        return undefined;
      const body = (await request.json()) as { inputs?: { id: string }[] };
      return body.inputs?.some((input) => input.id === poison)
        ? HttpResponse.json({ status: 'error', message: 'internal error' }, { status: 500 })
        : undefined;
    });
    try {
      for (let round = 0; round < INBOX_MAX_ATTEMPTS; round++) {
        await processHubspotInbox(testContext(deps), testCrm(config));
      }
    } finally {
      portal.faults = [];
    }
    const rows = await inboxRows();
    expect(rows.filter((row) => row.status === 'processed').map((row) => row.key)).toEqual([
      'company-1',
      'company-2',
      'company-3',
    ]);
    expect(rows.find((row) => row.key === 'company-4')).toMatchObject({
      status: 'failed',
      attempts: INBOX_MAX_ATTEMPTS,
    });
  });
});
