// Helpers for scan tests: run the scan at an instant, read what it queued, reset the domain tables.

import { asc, eq, sql } from 'drizzle-orm';
import { outbox } from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import type { AppDeps } from '../../src/deps.ts';
import { runLatePaymentScan } from '../../src/services/collections/scan/run.ts';
import { systemActor } from '../../src/services/context.ts';
import { slackWorkSettled } from '../../src/slack/receiver.ts';

export function scanAt(deps: AppDeps, at: string, db: Db = deps.db) {
  return runLatePaymentScan({
    ctx: {
      db,
      config: deps.config,
      logger: deps.logger,
      actor: systemActor('test-scan'),
      now: new Date(at),
      clock: deps.clock,
    },
  });
}

export interface QueuedSlack {
  channel: string;
  text: string;
  blocks?: Record<string, unknown>[];
  record?: { dunningAlertIds?: string[]; grievanceId?: string };
  ts?: string;
}

export async function queued(db: Db, target: string): Promise<QueuedSlack[]> {
  const rows = await db.select().from(outbox).where(eq(outbox.target, target)).orderBy(asc(outbox.id));
  return rows.map((row) => row.payload as unknown as QueuedSlack);
}

/** Every text in a message's blocks, joined, for "does the digest say X" assertions. */
export function blockText(message: QueuedSlack): string {
  return JSON.stringify(message.blocks ?? []);
}

export async function resetDomain(db: Db): Promise<void> {
  // The previous test's clicks may still be working after their ack; let them finish first.
  await slackWorkSettled();
  await db.execute(
    sql`truncate owners, companies, outbox, inbox, credit_policies, approvers, job_fires restart identity cascade`,
  );
}
