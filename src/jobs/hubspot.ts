// Scheduled HubSpot work: an incremental sync every 15 minutes (webhooks cover the minutes between)
// and an inbox sweep every minute where no long-running worker exists. Both skip when HubSpot is off.

import { ConflictError } from '../domain/errors.ts';
import { createHubspotCrm } from '../integrations/hubspot/client.ts';
import { parallelWritesFor, runSync } from '../services/sync/run.ts';
import { processHubspotInbox } from '../services/webhooks/process.ts';
import { type JobDefinition, jobContext } from './types.ts';

export const hubspotSyncJob: JobDefinition = {
  name: 'hubspot-sync',
  cron: '*/15 * * * *',
  description: 'Incremental HubSpot sync (records modified since the watermark)',
  async run(deps, now) {
    if (!deps.config.HUBSPOT_ACCESS_TOKEN) return;
    try {
      await runSync({
        ctx: jobContext(deps, 'hubspot-sync', now),
        crm: createHubspotCrm(deps.config),
        input: { mode: 'incremental' },
        parallelWrites: parallelWritesFor(deps.driver),
      });
    } catch (error) {
      // A manual or earlier run still going is not a failure of this fire.
      if (error instanceof ConflictError) return;
      throw error;
    }
  },
};

export const hubspotInboxJob: JobDefinition = {
  name: 'hubspot-inbox',
  cron: '* * * * *',
  description: 'Process recorded HubSpot webhook events',
  async run(deps, now) {
    if (!deps.config.HUBSPOT_ACCESS_TOKEN || deps.hubspotInboxWorker) return;
    await processHubspotInbox(jobContext(deps, 'hubspot-inbox', now), createHubspotCrm(deps.config));
  },
};
