// Runs a job for one fire time: claim it, run it, record how it ended. Shared by node-cron and Workers.

import { claimFire, finishFire } from './claim.ts';
import type { JobDefinition, JobDeps } from './types.ts';

export type FireOutcome = 'ran' | 'claimed_elsewhere' | 'failed';

/** Fire times are truncated to the second so every replica computes the same claim key. */
export function fireTimeOf(date: Date): Date {
  const fire = new Date(date);
  fire.setUTCMilliseconds(0);
  return fire;
}

export async function fireJob(
  job: JobDefinition,
  deps: JobDeps,
  scheduledAt: Date,
  instanceId: string,
): Promise<FireOutcome> {
  const fireAt = fireTimeOf(scheduledAt);
  if (!(await claimFire(deps.db, job.name, fireAt, instanceId))) return 'claimed_elsewhere';
  const logger = deps.logger.child({ job: job.name, fireAt: fireAt.toISOString() });
  try {
    await job.run(deps, fireAt);
    await finishFire(deps.db, job.name, fireAt, deps.clock.now());
    logger.debug('job finished');
    return 'ran';
  } catch (error) {
    logger.error({ err: error }, 'job failed');
    await finishFire(
      deps.db,
      job.name,
      fireAt,
      deps.clock.now(),
      error instanceof Error ? error.message : String(error),
    );
    return 'failed';
  }
}

/** Runs every job whose cron matches (Workers' scheduled event names the cron that fired). */
export async function fireCron(
  jobs: readonly JobDefinition[],
  cron: string,
  deps: JobDeps,
  scheduledAt: Date,
  instanceId: string,
): Promise<FireOutcome[]> {
  return Promise.all(
    jobs.filter((job) => job.cron === cron).map((job) => fireJob(job, deps, scheduledAt, instanceId)),
  );
}
