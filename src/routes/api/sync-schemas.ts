// Sync runs and HubSpot owners as the API shows them, and the presenters from their rows.

import { z } from '@hono/zod-openapi';
import type { listOwners } from '../../services/owners/slack-user.ts';
import { SYNC_ORDER, type SyncObject } from '../../services/sync/progress.ts';
import type { latestSyncRuns } from '../../services/sync/run.ts';

const Counts = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  skipped: z
    .number()
    .int()
    .openapi({ description: 'Older than the stored copy, or (invoices) no known company' }),
  rejected: z.number().int().openapi({ description: 'Records whose values could not be read' }),
  archived: z.number().int(),
  pages: z.number().int(),
  mode: z.enum(['full', 'incremental', 'owners']),
  seconds: z.number(),
});

const SyncStatsSchema = z
  .object({
    runId: z.string(),
    mode: z.enum(['full', 'incremental']),
    objects: z.partialRecord(z.enum(SYNC_ORDER), Counts).openapi({ description: 'Counts per object type' }),
    slack: z
      .object({ matched: z.number().int(), checked: z.number().int(), failed: z.number().int() })
      .openapi({ description: 'Owners matched to Slack users by email' }),
    requests: z
      .object({
        requests: z.number().int(),
        retries: z.number().int(),
        rateLimited: z.number().int(),
        errors: z.number().int(),
      })
      .openapi({ description: 'HubSpot calls made' }),
    seconds: z.number(),
    rescoreOwed: z.boolean().openapi({ description: 'A full listing leaves a portfolio rescore to the job' }),
  })
  .partial()
  .openapi('SyncStats', { description: 'Counts so far (while running) or final' });

export const SyncRunSchema = z
  .object({
    id: z.string().openapi({ description: 'Run id (decimal string)' }),
    mode: z.enum(['full', 'incremental']),
    objects: z.array(z.enum(SYNC_ORDER)),
    status: z.enum(['running', 'succeeded', 'failed']),
    stats: SyncStatsSchema.nullable(),
    error: z.string().nullable(),
    startedAt: z.string(),
    heartbeatAt: z.string().openapi({ description: 'When the run was last heard from' }),
    leaseUntil: z.string().openapi({ description: 'A running run whose lease has passed is dead' }),
    holder: z.string().openapi({ description: 'The process that holds (held) the run: host, pid, instance' }),
    finishedAt: z.string().nullable(),
  })
  .openapi('SyncRun');

export const OwnerSchema = z
  .object({
    id: z.uuid(),
    hubspotOwnerId: z.string().nullable(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    slackUserId: z.string().nullable(),
    slackMappingSource: z
      .enum(['email', 'manual'])
      .nullable()
      .openapi({ description: 'email: found by lookup; manual: set here, never replaced by the lookup' }),
    slackCheckedAt: z.string().nullable(),
    timeZone: z.string().nullable().openapi({ description: 'IANA zone for digests and quiet hours' }),
    archived: z.boolean(),
  })
  .openapi('Owner');

type SyncRunRow = Awaited<ReturnType<typeof latestSyncRuns>>[number];
type OwnerRow = Awaited<ReturnType<typeof listOwners>>[number];

export const presentRun = (run: SyncRunRow) => ({
  id: run.id.toString(),
  mode: run.mode,
  // Written by the run itself (services/sync/run.ts) in these shapes.
  objects: run.objects as SyncObject[],
  status: run.status,
  stats: (run.stats ?? null) as z.infer<typeof SyncStatsSchema> | null,
  error: run.error,
  startedAt: run.startedAt.toISOString(),
  heartbeatAt: run.heartbeatAt.toISOString(),
  leaseUntil: run.leaseUntil.toISOString(),
  holder: run.holder,
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

export const presentOwner = (owner: OwnerRow) => ({
  id: owner.id,
  hubspotOwnerId: owner.hubspotOwnerId,
  email: owner.email,
  firstName: owner.firstName,
  lastName: owner.lastName,
  slackUserId: owner.slackUserId,
  slackMappingSource: owner.slackMappingSource,
  slackCheckedAt: owner.slackCheckedAt?.toISOString() ?? null,
  timeZone: owner.timeZone,
  archived: owner.archived,
});
