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
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      (context) => {
        const run = fireJob(job, deps, context.date, instanceId).finally(() => inFlight.delete(run));
        inFlight.add(run);
        return run;
      },
      { name: job.name, timezone: 'Etc/UTC', noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
