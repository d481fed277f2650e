// Nightly full rescore: every company's exposure, score, risk level and flags (review dates fall due,
// accounts age, trends move even when nothing was written). Set-based; see services/credit/recompute.

import { createHubspotCrm } from '../integrations/hubspot/client.ts';
import { rescoreNow, runRequestedRescore } from '../services/credit/rescore-requests.ts';
import { refreshPortalRatesSafely } from '../services/fx/refresh.ts';
import { warnMissingRates } from '../services/fx/status.ts';
import { type JobDefinition, jobContext } from './types.ts';

export const rescoreJob: JobDefinition = {
  name: 'credit-rescore',
  cron: '30 2 * * *',
  description: 'Rescore every company and raise or clear risk flags',
  async run(deps, now) {
    const ctx = jobContext(deps, 'credit-rescore', now);
    // Under the same claim as owed rescores; while a sync is listing it stays owed and the
    // credit-rescore-requested job runs it when the sync ends.
    // Today's rates first: the nightly rescore is the daily read of HubSpot's exchange rates.
    if (deps.config.HUBSPOT_ACCESS_TOKEN) await refreshPortalRatesSafely(ctx, createHubspotCrm(deps.config));
    const outcome = await rescoreNow(ctx, 'nightly rescore');
    deps.logger.info({ job: 'credit-rescore', ...outcome }, 'credit rescore');
    await warnMissingRates(ctx);
  },
};

/** The rescore a full HubSpot listing leaves owed, worked within a minute of the sync ending. */
export const requestedRescoreJob: JobDefinition = {
  name: 'credit-rescore-requested',
  cron: '* * * * *',
  description: 'Rescore every company when a full sync has asked for it',
  async run(deps, now) {
    const ctx = jobContext(deps, 'credit-rescore', now);
    const outcome = await runRequestedRescore(ctx);
    if (outcome.status === 'ran')
      deps.logger.info({ job: 'credit-rescore-requested', ...outcome }, 'owed credit rescore');
  },
};
