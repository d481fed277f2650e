// The outbox: dead letters waiting for someone, and how long the oldest pending effect has waited
// (its created_at comes from the injected clock, so it is compared with the same clock).

import { count, eq, min } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { type DoctorCheck, ok, warning } from './report.ts';

/** Longer than a dispatcher pass with retries takes: past this, nothing is delivering. */
const STUCK_AFTER_MS = 15 * 60_000;

export async function outboxChecks(db: Db, now: Date): Promise<DoctorCheck[]> {
  const [dead] = await db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'dead'));
  const [pending] = await db
    .select({ n: count(), oldest: min(outbox.createdAt) })
    .from(outbox)
    .where(eq(outbox.status, 'pending'));
  const checks: DoctorCheck[] = [];
  const deadCount = dead?.n ?? 0;
  checks.push(
    deadCount === 0
      ? ok('outbox', 'outbox.dead', 'no dead letters')
      : warning(
          'outbox',
          'outbox.dead',
          `${deadCount} dead ${deadCount === 1 ? 'letter' : 'letters'}: effects that were given up on`,
          '`npx creditline outbox list --status dead` shows each last error; fix the cause, then `npx creditline outbox retry --all`',
        ),
  );
  const oldest = pending?.oldest ? new Date(pending.oldest) : null;
  if (!oldest) {
    checks.push(ok('outbox', 'outbox.pending', 'nothing is waiting to be delivered'));
    return checks;
  }
  const ageMs = Math.max(0, now.getTime() - oldest.getTime());
  const waiting = `${pending?.n ?? 0} pending, the oldest for ${duration(ageMs)} (since ${oldest.toISOString()})`;
  checks.push(
    ageMs <= STUCK_AFTER_MS
      ? ok('outbox', 'outbox.pending', waiting)
      : warning(
          'outbox',
          'outbox.pending',
          `${waiting}: nothing seems to deliver them`,
          'make sure the service runs (on Workers, its minute cron) and its integration is configured; `npx creditline outbox list --status pending` shows the targets',
        ),
  );
  return checks;
}

/** "45 s", "12 min", "3 h", "2 d" */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}
