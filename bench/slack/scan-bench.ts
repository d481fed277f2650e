// The late-payment scan over 1,000,000 invoices. "Cold" decides every invoice's stage with no history
// (the first scan ever; rolled back). "Daily" is the real hourly run once history exists: it evaluates
// every open invoice and alerts those entering a stage that day, with digests, escalations and
// approvals, in one transaction.

import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config/schema.ts';
import { owners } from '../../src/db/schema/index.ts';
import type { Database, Queryable } from '../../src/db/types.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { addDays } from '../../src/lib/dates.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { activePolicy } from '../../src/services/collections/policy.ts';
import { decideStages } from '../../src/services/collections/scan/decide.ts';
import { runLatePaymentScan } from '../../src/services/collections/scan/run.ts';
import { NO_OWNER, type OpenWindow } from '../../src/services/collections/scan/windows.ts';
import { systemActor } from '../../src/services/context.ts';

class Rollback extends Error {}

/** Every account manager's window, open on `day` (history is built for a weekend day too). */
async function everyOwner(db: Queryable, day: string): Promise<OpenWindow[]> {
  const rows = await db.select({ id: owners.id }).from(owners);
  return [
    ...rows.map((row) => ({ ownerKey: row.id, localDate: day })),
    { ownerKey: NO_OWNER, localDate: day },
  ];
}

export interface ScanBenchResult {
  cold: { decideMs: number; decided: number };
  daily: { day: string; totalMs: number; decideMs: number; decided: number; digests: number }[];
}

export async function scanBench(
  database: Database,
  config: Config,
  today: string,
  progress: (step: string) => void,
): Promise<ScanBenchResult> {
  const { db } = database;
  const policy = await activePolicy(db);
  const at = (day: string) => new Date(`${day}T09:05:00Z`);

  progress('cold decision (every stage, no history; rolled back)');
  let cold = { decideMs: 0, decided: 0 };
  try {
    await db.transaction(async (tx) => {
      const windows = await everyOwner(tx, today);
      const started = performance.now();
      const decided = await decideStages(tx, {
        now: at(today),
        ladder: policy.dunning.ladder,
        windows,
        maxContactsPer7Days: 1_000,
      });
      cold = { decideMs: Math.round(performance.now() - started), decided: decided.length };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }

  progress('history: the stages reached by yesterday, alerted eight days ago');
  const yesterday = addDays(today, -1);
  await db.transaction(async (tx) => {
    const windows = await everyOwner(tx, yesterday);
    await decideStages(tx, {
      now: at(yesterday),
      ladder: policy.dunning.ladder,
      windows,
      maxContactsPer7Days: 1_000,
    });
    await tx.execute(
      sql`update dunning_alerts set status = 'sent', alerted_at = ${at(addDays(today, -8)).toISOString()}::timestamptz`,
    );
  });
  // Autovacuum would have run since yesterday's scan; without it the rolled-back cold run and the
  // history leave a million dead invoice rows behind that no real database carries for long.
  await db.execute(sql`vacuum analyze invoices`);
  await db.execute(sql`vacuum analyze dunning_alerts`);

  const daily: ScanBenchResult['daily'] = [];
  for (const day of [today, addDays(today, 1), addDays(today, 2)]) {
    progress(`daily scan ${day}`);
    const started = performance.now();
    const summary = await runLatePaymentScan({
      ctx: {
        db,
        config,
        logger: silentLogger,
        actor: systemActor('bench'),
        now: at(day),
        clock: systemClock,
      },
    });
    daily.push({
      day,
      totalMs: Math.round(performance.now() - started),
      decideMs: summary.decideMs,
      decided: summary.decided,
      digests: summary.digests,
    });
  }
  return { cold, daily };
}
