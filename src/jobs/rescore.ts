// Nightly full rescore: every company's exposure, score, risk level and flags (review dates fall due,
// accounts age, trends move even when nothing was written). Set-based; see services/credit/recompute.

import { rescoreAll } from '../services/credit/recompute.ts';
import { runRequestedRescore } from '../services/credit/rescore-requests.ts';
import { type JobDefinition, jobContext } from './types.ts';

export const rescoreJob: JobDefinition = {
  name: 'credit-rescore',
  cron: '30 2 * * *',
  description: 'Rescore every company and raise or clear risk flags',
  async run(deps, now) {
    const ctx = jobContext(deps, 'credit-rescore', now);
    // Also covers a rescore a full sync asked for before this run began (see rescore-requests).
    const stats = await rescoreAll(ctx);
    deps.logger.info({ job: 'credit-rescore', ...stats }, 'credit rescore finished');
  },
};

/** The rescore a full HubSpot listing leaves owed, worked within a minute of the sync ending. */
export const requestedRescoreJob: JobDefinition = {
  name: 'credit-rescore-requested',
  cron: '* * * * *',
  description: 'Rescore every company when a full sync has asked for it',
  async run(deps, now) {
    const ctx = jobContext(deps, 'credit-rescore', now);
    const stats = await runRequestedRescore(ctx);
    if (stats)
      deps.logger.info({ job: 'credit-rescore-requested', ...stats }, 'requested credit rescore finished');
  },
};
