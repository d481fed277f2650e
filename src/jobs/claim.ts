// One replica runs each fire: the first to insert (name, fire time) wins; the others see a conflict.

import { and, eq } from 'drizzle-orm';
import { jobFires } from '../db/schema/index.ts';
import type { Db } from '../db/types.ts';

export async function claimFire(db: Db, name: string, fireAt: Date, instanceId: string): Promise<boolean> {
  const rows = await db
    .insert(jobFires)
    .values({ name, fireAt, claimedBy: instanceId })
    .onConflictDoNothing()
    .returning({ name: jobFires.name });
  return rows.length === 1;
}

export async function finishFire(db: Db, name: string, fireAt: Date, finishedAt: Date, error?: string) {
  await db
    .update(jobFires)
    .set({ finishedAt, error: error ?? null })
    .where(and(eq(jobFires.name, name), eq(jobFires.fireAt, fireAt)));
}
