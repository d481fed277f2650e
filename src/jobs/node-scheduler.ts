// node-cron drives the schedule table on Node. Each tick claims its fire in Postgres first.

import cron, { type ScheduledTask } from 'node-cron';
import { fireJob } from './runner.ts';
import type { JobDefinition, JobDeps } from './types.ts';

export interface NodeScheduler {
  stop(): Promise<void>;
}

export function startNodeScheduler(
  jobs: readonly JobDefinition[],
  deps: JobDeps,
  instanceId: string,
): NodeScheduler {
  const inFlight = new Map<string, Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      (context) => {
        // A fire that comes while the previous one still runs here is skipped, not stacked.
        if (inFlight.has(job.name)) {
          deps.logger.warn({ job: job.name }, 'previous run still in progress; skipping this fire');
          return;
        }
        const run = fireJob(job, deps, context.date, instanceId).finally(() => inFlight.delete(job.name));
        inFlight.set(job.name, run);
        return run;
      },
      { name: job.name, timezone: 'Etc/UTC', noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
