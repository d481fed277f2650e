// POST /invoices/batch and /payments/batch: bookkeeping imports, up to 1,000 rows, all or nothing.

import { createRoute, z } from '@hono/zod-openapi';
import { importInvoices } from '../../services/imports/import-invoices.ts';
import { importPayments } from '../../services/imports/import-payments.ts';
import { ImportSource, MAX_IMPORT_ROWS } from '../../services/imports/rows.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { JsonObject, problemResponses } from './schemas.ts';

const BatchBody = z.object({
  source: ImportSource.optional().openapi({
    description: 'Name of the bookkeeping system (lower-case letters, digits, . _ -); default "import"',
  }),
  dryRun: z.boolean().optional(),
  rows: z.array(JsonObject).min(1).max(MAX_IMPORT_ROWS),
});
const BatchResult = z.object({ created: z.number().int(), updated: z.number().int(), dryRun: z.boolean() });

const batchRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags: ['imports'],
    summary,
    description:
      'Idempotent upserts keyed by (source, externalId). Any invalid row rejects the whole batch; the problem lists every row (rows.N.field).',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: BatchBody } }, required: true } },
    responses: {
      200: { description: 'Imported', content: { 'application/json': { schema: BatchResult } } },
      ...problemResponses,
    },
  });

export function importRoutes() {
  const app = apiRouter();
  app.openapi(batchRoute('/invoices/batch', 'Import invoices from a bookkeeping system'), async (c) => {
    const body = c.req.valid('json');
    return c.json(await importInvoices({ ctx: adminContext(c), input: body }), 200);
  });
  app.openapi(batchRoute('/payments/batch', 'Import payments; balances and paid dates follow'), async (c) => {
    const body = c.req.valid('json');
    return c.json(await importPayments({ ctx: adminContext(c), input: body }), 200);
  });
  return app;
}
