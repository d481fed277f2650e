import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema/index.ts';
import type { Db } from '../../../src/db/types.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.ts';
import { enqueue } from '../../../src/services/outbox/enqueue.ts';
import { DeliveryError, type OutboxHandlers } from '../../../src/services/outbox/handlers.ts';
import { createTestDatabase, openSecondHandle, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await database.db.delete(outbox);
});

function dispatcher(db: Db, handlers: OutboxHandlers, clock: ManualClock, maxAttempts = 5) {
  return new OutboxDispatcher({
    db,
    handlers,
    clock,
    logger: silentLogger,
    maxAttempts,
    batchSize: 10,
    pollMs: 10,
    leaseMs: 60_000,
    random: () => 0.5,
  });
}

async function rowOf(id: bigint | null) {
  if (id === null) throw new Error('enqueue returned no id');
  const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw new Error(`outbox row ${id} is gone`);
  return row;
}

describe('outbox dispatcher', () => {
  it('delivers a row that fails twice and then succeeds exactly once', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const calls: unknown[] = [];
    const handlers: OutboxHandlers = {
      'test.flaky': {
        async deliver(payload) {
          calls.push(payload);
          if (calls.length <= 2) throw new DeliveryError('HTTP 503', true);
          return { ok: true };
        },
      },
    };
    const id = await enqueue(database.db, clock.now(), { target: 'test.flaky', payload: { n: 1 } });
    const worker = dispatcher(database.db, handlers, clock);

    expect(await worker.dispatchOnce()).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    // Not due yet: the backoff holds it back.
    expect(await worker.dispatchOnce()).toBe(0);
    clock.advance(60_000);
    await worker.dispatchOnce();
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advance(60_000);
    await worker.drain();
    clock.advance(60 * 60_000);
    await worker.drain();

    expect(calls).toHaveLength(3);
    expect(await rowOf(id)).toMatchObject({ status: 'delivered', attempts: 3, result: { ok: true } });
  });

  it('honours Retry-After when it is longer than the backoff', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const handlers: OutboxHandlers = {
      'test.limited': {
        async deliver() {
          throw new DeliveryError('HTTP 429', true, 120_000);
        },
      },
    };
    const id = await enqueue(database.db, clock.now(), { target: 'test.limited', payload: {} });
    await dispatcher(database.db, handlers, clock).dispatchOnce();
    const row = await rowOf(id);
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).toBe(120_000);
  });

  it('keeps a dead letter with its last error after the attempt budget, and on a permanent error at once', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const handlers: OutboxHandlers = {
      'test.down': {
        async deliver() {
          throw new Error('connect ECONNREFUSED');
        },
      },
      'test.invalid': {
        async deliver() {
          throw new DeliveryError('HTTP 400 channel_not_found', false);
        },
      },
    };
    const down = await enqueue(database.db, clock.now(), { target: 'test.down', payload: {} });
    const invalid = await enqueue(database.db, clock.now(), { target: 'test.invalid', payload: {} });
    const worker = dispatcher(database.db, handlers, clock, 3);
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      clock.advance(24 * 60 * 60_000);
    }
    expect(await rowOf(down)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'connect ECONNREFUSED',
    });
    expect(await rowOf(invalid)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'HTTP 400 channel_not_found',
    });
  });

  it('re-delivers a row whose dispatcher died between claim and delivery', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const delivered: unknown[] = [];
    const id = await enqueue(database.db, clock.now(), { target: 'test.crash', payload: { n: 7 } });
    // The first dispatcher claims the row and then "dies": its handler never returns.
    const dying = dispatcher(database.db, { 'test.crash': { deliver: () => new Promise(() => {}) } }, clock);
    void dying.dispatchOnce();
    await expect.poll(async () => (await rowOf(id)).status).toBe('delivering');

    const survivor = dispatcher(
      database.db,
      {
        'test.crash': {
          async deliver(payload) {
            delivered.push(payload);
            return undefined;
          },
        },
      },
      clock,
    );
    expect(await survivor.dispatchOnce()).toBe(0); // the lease still holds
    clock.advance(61_000);
    expect(await survivor.dispatchOnce()).toBe(1);
    expect(delivered).toEqual([{ n: 7 }]);
    expect(await rowOf(id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('never lets two dispatchers deliver the same row', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    for (let i = 0; i < 120; i++)
      await enqueue(database.db, clock.now(), { target: 'test.count', payload: { i } });
    const deliveries = new Map<number, number>();
    const handlers: OutboxHandlers = {
      'test.count': {
        async deliver(payload) {
          const i = (payload as { i: number }).i;
          deliveries.set(i, (deliveries.get(i) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return undefined;
        },
      },
    };
    const second = await openSecondHandle(database);
    try {
      await Promise.all([
        dispatcher(database.db, handlers, clock).drain(),
        dispatcher(second.db, handlers, clock).drain(),
      ]);
    } finally {
      await second.close();
    }
    expect(deliveries.size).toBe(120);
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
  });

  it('drops a second message with the same dedupe key and leaves rows for unknown targets pending', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    expect(
      await enqueue(database.db, clock.now(), { target: 'test.once', payload: {}, dedupeKey: 'k1' }),
    ).not.toBeNull();
    expect(
      await enqueue(database.db, clock.now(), { target: 'test.once', payload: {}, dedupeKey: 'k1' }),
    ).toBeNull();
    const orphan = await enqueue(database.db, clock.now(), { target: 'slack.not.configured', payload: {} });
    let count = 0;
    await dispatcher(database.db, { 'test.once': { deliver: async () => void count++ } }, clock).drain();
    expect(count).toBe(1);
    expect(await rowOf(orphan)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('paces rows that share a rate key', async () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const times: number[] = [];
    for (let i = 0; i < 3; i++)
      await enqueue(database.db, clock.now(), { target: 'test.paced', payload: {}, rateKey: 'slack:C1' });
    await dispatcher(
      database.db,
      {
        'test.paced': {
          minIntervalMs: 50,
          async deliver() {
            times.push(performance.now());
            return undefined;
          },
        },
      },
      clock,
    ).drain();
    expect(times).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = times;
    expect(b - a).toBeGreaterThanOrEqual(45);
    expect(c - b).toBeGreaterThanOrEqual(45);
  });
});
