// GET /hubspot/write-back/rejections: the records HubSpot currently refuses to take credit values
// for, with its reason. They are sent again once their values change.

import { createRoute, z } from '@hono/zod-openapi';
import { listRejectionsInput, listWriteRejections } from '../../services/hubspot/write-rejections.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { problemResponses } from './schemas.ts';

const RejectionSchema = z
  .object({
    objectType: z.enum(['company', 'deal']),
    recordId: z.uuid(),
    hubspotId: z.string(),
    properties: z.record(z.string(), z.string()).openapi({
      description: 'The values as HubSpot was sent them, by HubSpot property name',
    }),
    category: z.string().openapi({ example: 'VALIDATION_ERROR' }),
    message: z.string(),
    rejectedAt: z.string(),
  })
  .openapi('HubspotWriteRejection');

const listRoute = createRoute({
  method: 'get',
  path: '/hubspot/write-back/rejections',
  tags: ['hubspot'],
  summary: 'Records HubSpot refused on write-back, newest first',
  security: bearerSecurity,
  request: {
    query: z.object({
      objectType: listRejectionsInput.shape.objectType,
      limit: listRejectionsInput.shape.limit,
      offset: listRejectionsInput.shape.offset,
    }),
  },
  responses: {
    200: {
      description: 'Current refusals',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(RejectionSchema), nextOffset: z.number().int().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const asStrings = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );

export function hubspotWriteBackRoutes() {
  const app = apiRouter();
  app.openapi(listRoute, async (c) => {
    const { rows, nextOffset } = await listWriteRejections({
      ctx: adminContext(c),
      input: c.req.valid('query'),
    });
    return c.json(
      {
        data: rows.map((row) => ({
          objectType: row.objectType === 'deal' ? ('deal' as const) : ('company' as const),
          recordId: row.recordId,
          hubspotId: row.hubspotId,
          properties: asStrings(row.properties),
          category: row.category,
          message: row.message,
          rejectedAt: row.rejectedAt.toISOString(),
        })),
        nextOffset,
      },
      200,
    );
  });
  return app;
}
