// Property: POST /hubspot/webhooks, signed as HubSpot signs (v3), acknowledges every hostile batch with
// 200 (HubSpot retries anything else for a day), records each event as received or rejected, and
// writes nothing but inbox rows: processing happens later, from what was recorded.

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import {
  brokenBodyText,
  hostileJson,
  hostileVariant,
  hugeNumber,
  hugeNumberText,
} from '../../support/hostile.ts';
import { CLIENT_SECRET, hubspotConfig } from '../../support/hubspot.ts';
import { deliver, hubspotEvent } from '../../support/hubspot-webhooks.ts';
import { rowCounts } from '../../support/row-counts.ts';

const RUNS = 100;
const ID_FIELDS = [
  'eventId',
  'subscriptionId',
  'portalId',
  'objectId',
  'primaryObjectId',
  'mergedObjectIds',
  'newObjectId',
  'fromObjectId',
  'toObjectId',
];

let database: TestDatabase;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { config: hubspotConfig() });
  app = testApp(deps);
});
afterAll(async () => database?.close());

const TEMPLATES = [
  () =>
    hubspotEvent(
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId: 101, propertyName: 'name' },
      1,
    ),
  () => hubspotEvent({ subscriptionType: 'deal.creation', objectId: 202 }, 2),
  () =>
    hubspotEvent(
      { subscriptionType: 'company.merge', primaryObjectId: 1, mergedObjectIds: [2, 3], objectId: 1 },
      3,
    ),
  () =>
    hubspotEvent(
      {
        subscriptionType: 'object.associationChange',
        fromObjectId: 1,
        toObjectId: 2,
        associationType: 'CONTACT_TO_COMPANY',
      },
      4,
    ),
];

/** An id field of an event set to a number at or past the 53/63/64-bit edges, as text or as a JSON number. */
const hugeId = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...ID_FIELDS), fc.oneof(hugeNumberText, hugeNumber))
  .map(([template, field, value]) => {
    const text = JSON.stringify([{ ...template(), [field]: '__ID__' }]);
    return text.replace(
      '"__ID__"',
      typeof value === 'number' ? JSON.stringify(value) : JSON.stringify(value),
    );
  });

const batch = fc.oneof(
  hugeId,
  fc
    .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...TEMPLATES))
    .chain(([first, second]) => fc.tuple(hostileVariant(first()), fc.constant(second())))
    .map((events) => JSON.stringify(events) ?? 'null'),
  fc.array(hostileJson, { maxLength: 5 }).map((events) => JSON.stringify(events) ?? 'null'),
  brokenBodyText,
);

const inboxStates = async () =>
  queryRows<{ status: string; n: number }>(
    database.db,
    sql`select status, count(*)::int as n from inbox group by status order by status`,
  );

describe('POST /hubspot/webhooks under hostile batches', () => {
  it('acknowledges every signed batch, records events as received or rejected, and writes nothing else', async () => {
    const unchanged = await rowCounts(database.db, ['inbox']);
    await fc.assert(
      fc.asyncProperty(batch, async (body) => {
        const before = (await rowCounts(database.db)).inbox ?? 0;
        const response = await deliver(app, body, { secret: CLIENT_SECRET, now: deps.clock.now() });
        const label = body.slice(0, 300);
        expect(response.status, `${label} → ${await response.clone().text()}`).toBe(200);
        const receipt = (await response.json()) as { received: number; recorded: number; rejected: number };
        expect(receipt.recorded + receipt.rejected, label).toBeLessThanOrEqual(receipt.received);
        // Recorded events are new rows; rejected ones may repeat an earlier identical delivery.
        const after = (await rowCounts(database.db)).inbox ?? 0;
        expect(after - before, label).toBeGreaterThanOrEqual(receipt.recorded);
        expect(after - before, label).toBeLessThanOrEqual(receipt.recorded + receipt.rejected);
        expect(await rowCounts(database.db, ['inbox']), label).toEqual(unchanged);
      }),
      { numRuns: RUNS },
    );
    // What was accepted can be processed: every id an exact integer that fits HubSpot's 64 bits.
    const accepted = await queryRows<{ payload: Record<string, unknown> }>(
      database.db,
      sql`select payload from inbox where status = 'received'`,
    );
    expect(accepted.length).toBeGreaterThan(0);
    for (const { payload } of accepted) {
      const ids = ID_FIELDS.flatMap((field) => {
        const value = payload[field];
        return value === undefined ? [] : Array.isArray(value) ? value : [value];
      });
      for (const id of ids) {
        expect(String(id), JSON.stringify(payload)).toMatch(/^\d{1,19}$/);
        expect(BigInt(String(id)) < 2n ** 63n, JSON.stringify(payload)).toBe(true);
      }
    }
    const states = await inboxStates();
    expect(states.every((state) => state.status === 'received' || state.status === 'rejected')).toBe(true);
    expect(states.map((state) => state.status)).toContain('rejected');
  });
});
