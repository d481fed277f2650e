import { createRoute, z } from '@hono/zod-openapi';
import { listOutbox, listOutboxInput, retryOutbox } from '../../services/outbox/manage.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { BigintId, problemResponses } from './schemas.ts';

const OutboxRowSchema = z
  .object({
    id: z.string().openapi({ description: 'Row id (decimal string)' }),
    target: z
      .string()
      .openapi({ description: "The handler, e.g. 'slack.postMessage', 'hubspot.updateCompanies'" }),
    status: z.enum(['pending', 'delivering', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    payload: z.unknown().openapi({
      description:
        "The effect's parameters as its target's handler reads them (a Slack message, HubSpot values…); JSON whose shape depends on the target",
    }),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('OutboxRow');

const listRoute = createRoute({
  method: 'get',
  path: '/outbox',
  tags: ['outbox'],
  summary: 'List outbox rows, newest first (status=dead for dead letters)',
  security: bearerSecurity,
  request: {
    query: z.object({
      status: listOutboxInput.shape.status,
      limit: listOutboxInput.shape.limit,
      before: BigintId.optional().openapi({ description: 'The last id of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'Outbox rows',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(OutboxRowSchema), nextBefore: z.string().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const retryRoute = createRoute({
  method: 'post',
  path: '/outbox/retry',
  tags: ['outbox'],
  summary: 'Requeue dead letters (by id, or all of them)',
  security: bearerSecurity,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.union([
            z.object({ ids: z.array(BigintId).min(1).max(1_000) }),
            z.object({ allDead: z.literal(true) }),
          ]),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The ids requeued',
      content: { 'application/json': { schema: z.object({ requeued: z.array(z.string()) }) } },
    },
    ...problemResponses,
  },
});

export function outboxRoutes() {
  const app = apiRouter();
  app.openapi(listRoute, async (c) => {
    const { rows, nextBefore } = await listOutbox({ ctx: adminContext(c), input: c.req.valid('query') });
    return c.json(
      {
        data: rows.map((row) => ({
          id: row.id.toString(),
          target: row.target,
          status: row.status,
          attempts: row.attempts,
          nextAttemptAt: row.nextAttemptAt.toISOString(),
          lastError: row.lastError,
          payload: row.payload,
          createdAt: row.createdAt.toISOString(),
          deliveredAt: row.deliveredAt?.toISOString() ?? null,
        })),
        nextBefore: nextBefore?.toString() ?? null,
      },
      200,
    );
  });
  app.openapi(retryRoute, async (c) => {
    const ids = await retryOutbox({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json({ requeued: ids.map(String) }, 200);
  });
  return app;
}
