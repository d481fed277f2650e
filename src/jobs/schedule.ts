// The one schedule table: node-cron on Node and [triggers] crons in wrangler.toml both come from here
// (a test keeps wrangler.toml equal to it).

import { dispatchOutboxJob } from './dispatch-outbox.ts';
import { hubspotInboxJob, hubspotSyncJob } from './hubspot.ts';
import { latePaymentScanJob } from './late-payment-scan.ts';
import { pruneJob } from './prune.ts';
import { requestedRescoreJob, rescoreJob } from './rescore.ts';
import type { JobDefinition } from './types.ts';

export const schedule: readonly JobDefinition[] = [
  dispatchOutboxJob,
  pruneJob,
  rescoreJob,
  requestedRescoreJob,
  hubspotSyncJob,
  hubspotInboxJob,
  latePaymentScanJob,
];

export function cronExpressions(jobs: readonly JobDefinition[] = schedule): string[] {
  return [...new Set(jobs.map((job) => job.cron))];
}
