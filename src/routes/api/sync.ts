// POST /sync starts a HubSpot sync run in the background (the same run as `creditline sync`);
// GET /sync/runs shows recent runs and who holds them; GET /sync/rejections the records set aside.
// Owners' Slack mapping can be overridden by hand.

import { createRoute, z } from '@hono/zod-openapi';
import { SYNC_REJECTED_OBJECTS } from '../../db/schema/index.ts';
import { UnavailableError } from '../../domain/errors.ts';
import { createHubspotCrm } from '../../integrations/hubspot/client.ts';
import { listOwners, setOwnerSlackUser } from '../../services/owners/slack-user.ts';
import { ListRejectionsInput, listSyncRejections } from '../../services/sync/list-rejections.ts';
import { SYNC_ORDER } from '../../services/sync/progress.ts';
import {
  claimSyncRun,
  executeSyncRun,
  latestSyncRuns,
  parallelWritesFor,
  SyncInput,
} from '../../services/sync/run.ts';
import { parseInput } from '../../services/validate.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { IdParam, problemResponses } from './schemas.ts';
import { OwnerSchema, presentOwner, presentRun, SyncRunSchema } from './sync-schemas.ts';

const startRoute = createRoute({
  method: 'post',
  path: '/sync',
  tags: ['sync'],
  summary: 'Start a HubSpot sync run (409 while one is running)',
  security: bearerSecurity,
  request: { body: { content: { 'application/json': { schema: SyncInput } }, required: false } },
  responses: {
    202: {
      description: 'Started',
      content: {
        'application/json': {
          schema: z.object({
            runId: z.string(),
            mode: z.enum(['full', 'incremental']),
            objects: z.array(z.enum(SYNC_ORDER)),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const runsRoute = createRoute({
  method: 'get',
  path: '/sync/runs',
  tags: ['sync'],
  summary: 'Recent sync runs with their counts',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: z.object({ data: z.array(SyncRunSchema) }) } },
    },
    ...problemResponses,
  },
});

const SyncRejectionSchema = z
  .object({
    objectType: z.enum(SYNC_REJECTED_OBJECTS),
    hubspotId: z.string(),
    reason: z.string(),
    properties: z.unknown().openapi({ description: 'The record’s properties as HubSpot sent them' }),
    hubspotUpdatedAt: z.string().nullable().openapi({ description: 'The rejected copy’s modification time' }),
    runId: z
      .string()
      .nullable()
      .openapi({ description: 'The sync run that met it; null for webhook re-reads' }),
    rejectedAt: z.string(),
  })
  .openapi('SyncRejection');

const rejectionsRoute = createRoute({
  method: 'get',
  path: '/sync/rejections',
  tags: ['sync'],
  summary:
    'HubSpot records a sync or webhook re-read set aside, with the reason (cleared once they sync cleanly)',
  security: bearerSecurity,
  request: {
    query: z.object({
      objectType: ListRejectionsInput.shape.objectType,
      runId: ListRejectionsInput.shape.runId,
      limit: ListRejectionsInput.shape.limit,
      after: z.string().max(200).optional().openapi({ description: 'The `next` value of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'Rejected records, by object type and HubSpot id',
      content: {
        'application/json': {
          schema: z.object({
            data: z.array(SyncRejectionSchema),
            total: z.number().int().openapi({ description: 'Rejections matching the filters, all pages' }),
            next: z.string().nullable(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const ownersRoute = createRoute({
  method: 'get',
  path: '/owners',
  tags: ['owners'],
  summary: 'HubSpot owners and their Slack users',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'Owners',
      content: { 'application/json': { schema: z.object({ data: z.array(OwnerSchema) }) } },
    },
    ...problemResponses,
  },
});

const slackUserRoute = createRoute({
  method: 'put',
  path: '/owners/{id}/slack-user',
  tags: ['owners'],
  summary: 'Set or clear the Slack user of an owner by hand (never replaced by the email lookup)',
  security: bearerSecurity,
  request: {
    params: IdParam,
    body: {
      content: { 'application/json': { schema: z.object({ slackUserId: z.string().nullable() }) } },
      required: true,
    },
  },
  responses: {
    200: { description: 'Owner', content: { 'application/json': { schema: OwnerSchema } } },
    ...problemResponses,
  },
});

export function syncRoutes() {
  const app = apiRouter();
  app.openapi(startRoute, async (c) => {
    const ctx = adminContext(c);
    // The body first: bad input is the caller's to fix, whatever the configuration.
    const input = parseInput(SyncInput, (await c.req.json().catch(() => ({}))) ?? {});
    if (!ctx.config.HUBSPOT_ACCESS_TOKEN)
      throw new UnavailableError('HubSpot is not configured (HUBSPOT_ACCESS_TOKEN)');
    const run = await claimSyncRun(ctx, input);
    // The run outlives the request; its outcome is recorded on the sync_runs row.
    const parallelWrites = parallelWritesFor(c.get('deps').driver);
    executeSyncRun(ctx, createHubspotCrm(ctx.config), run, { parallelWrites }).catch((error: unknown) =>
      ctx.logger.error({ err: error, runId: run.runId.toString() }, 'sync run failed'),
    );
    return c.json({ runId: run.runId.toString(), mode: run.mode, objects: [...run.objects] }, 202);
  });
  app.openapi(runsRoute, async (c) =>
    c.json({ data: (await latestSyncRuns(adminContext(c))).map(presentRun) }, 200),
  );
  app.openapi(rejectionsRoute, async (c) => {
    const { rows, total, next } = await listSyncRejections({
      ctx: adminContext(c),
      input: c.req.valid('query'),
    });
    return c.json(
      {
        data: rows.map((row) => ({
          objectType: row.objectType,
          hubspotId: row.hubspotId,
          reason: row.reason,
          properties: row.properties,
          hubspotUpdatedAt: row.hubspotUpdatedAt?.toISOString() ?? null,
          runId: row.runId?.toString() ?? null,
          rejectedAt: row.rejectedAt.toISOString(),
        })),
        total,
        next,
      },
      200,
    );
  });
  app.openapi(ownersRoute, async (c) =>
    c.json({ data: (await listOwners(adminContext(c))).map(presentOwner) }, 200),
  );
  app.openapi(slackUserRoute, async (c) => {
    const owner = await setOwnerSlackUser({
      ctx: adminContext(c),
      input: { ownerId: c.req.valid('param').id, slackUserId: c.req.valid('json').slackUserId },
    });
    return c.json(presentOwner(owner), 200);
  });
  return app;
}
