// Delivers outbox rows. Claims due rows with FOR UPDATE SKIP LOCKED (so two dispatchers never take the
// same row), holds a lease while delivering (so a row whose dispatcher died is claimed again), retries
// with backoff, and keeps rows that run out of attempts as dead letters with their last error.

import { and, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { retryDelayMs } from '../../domain/backoff.ts';
import type { Clock } from '../../lib/clock.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { Logger } from '../../lib/logger.ts';
import { sleep } from '../../lib/sleep.ts';
import { DeliveryError, type OutboxHandlers } from './handlers.ts';

export interface DispatcherOptions {
  db: Db;
  handlers: OutboxHandlers;
  clock: Clock;
  logger: Logger;
  maxAttempts: number;
  batchSize: number;
  pollMs: number;
  leaseMs?: number;
  random?: () => number;
}

type ClaimedRow = typeof outbox.$inferSelect;

export class OutboxDispatcher {
  private readonly leaseMs: number;
  private readonly random: () => number;
  private readonly lastDelivery = new Map<string, number>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly wake = new AbortController();

  constructor(private readonly options: DispatcherOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.random = options.random ?? Math.random;
  }

  /** Claims one batch of due rows and delivers it. Returns how many rows were claimed. */
  async dispatchOnce(): Promise<number> {
    const targets = Object.keys(this.options.handlers);
    if (targets.length === 0) return 0;
    const claimed = await this.claim(targets);
    const byRateKey = new Map<string, ClaimedRow[]>();
    for (const row of claimed) {
      const key = row.rateKey ?? `row:${row.id}`;
      byRateKey.set(key, [...(byRateKey.get(key) ?? []), row]);
    }
    await Promise.all([...byRateKey.values()].map((rows) => this.deliverInOrder(rows)));
    return claimed.length;
  }

  /** Dispatches until nothing is due. For the CLI, Workers' cron and tests. */
  async drain(maxPasses = 1_000): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const claimed = await this.dispatchOnce();
      total += claimed;
      if (claimed === 0) break;
    }
    return total;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const claimed = await this.dispatchOnce();
          if (claimed === 0) await sleep(this.options.pollMs, this.wake.signal);
        } catch (error) {
          this.options.logger.error({ err: error }, 'outbox dispatch pass failed');
          await sleep(this.options.pollMs, this.wake.signal);
        }
      }
    })();
  }

  /** Stops polling and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await this.loop;
  }

  private async claim(targets: string[]): Promise<ClaimedRow[]> {
    const { db, clock, batchSize } = this.options;
    const now = clock.now();
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          inArray(outbox.target, targets),
          or(
            and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, 'delivering'), lt(outbox.leaseUntil, now)),
          ),
        ),
      )
      .orderBy(outbox.nextAttemptAt, outbox.id)
      .limit(batchSize)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(outbox)
      .set({
        status: 'delivering',
        attempts: sql`${outbox.attempts} + 1`,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
      })
      .where(inArray(outbox.id, due))
      .returning();
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private async deliverInOrder(rows: ClaimedRow[]): Promise<void> {
    for (const row of rows) {
      const handler = this.options.handlers[row.target];
      if (!handler) continue;
      await this.pace(row.rateKey, handler.minIntervalMs ?? 0);
      await this.deliver(row, handler);
    }
  }

  private async pace(rateKey: string | null, minIntervalMs: number): Promise<void> {
    if (!rateKey || minIntervalMs <= 0) return;
    const last = this.lastDelivery.get(rateKey);
    const wait = last === undefined ? 0 : last + minIntervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    this.lastDelivery.set(rateKey, performance.now());
  }

  private async deliver(row: ClaimedRow, handler: OutboxHandlers[string]): Promise<void> {
    const { db, clock, logger, maxAttempts } = this.options;
    try {
      const result = await handler.deliver(row.payload, {
        id: row.id,
        attempt: row.attempts,
        rateKey: row.rateKey,
        db,
        now: clock.now(),
      });
      await db
        .update(outbox)
        .set({
          status: 'delivered',
          deliveredAt: clock.now(),
          leaseUntil: null,
          result: (result ?? null) as JsonValue | null,
        })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'delivering')));
    } catch (error) {
      const failure =
        error instanceof DeliveryError ? error : new DeliveryError(errorMessage(error), true, undefined);
      const exhausted = !failure.retryable || row.attempts >= maxAttempts;
      const delay = retryDelayMs(row.attempts, this.random(), failure.retryAfterMs);
      logger.warn(
        {
          outboxId: row.id.toString(),
          target: row.target,
          attempt: row.attempts,
          dead: exhausted,
          err: failure.message,
        },
        'outbox delivery failed',
      );
      await db
        .update(outbox)
        .set({
          status: exhausted ? 'dead' : 'pending',
          lastError: failure.message.slice(0, 2_000),
          leaseUntil: null,
          nextAttemptAt: new Date(clock.now().getTime() + delay),
        })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'delivering')));
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
