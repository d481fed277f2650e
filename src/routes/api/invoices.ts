import { createRoute, z } from '@hono/zod-openapi';
import { listInvoices } from '../../db/repos/invoices.ts';
import { INVOICE_STATUSES } from '../../db/schema/index.ts';
import { adminContext } from './context.ts';
import { presentInvoice } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { InvoiceSchema, PageQuery, problemResponses } from './schemas.ts';

const InvoiceQuery = PageQuery.extend({
  companyId: z.uuid().optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only open invoices past their due date (UTC)' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/invoices',
  tags: ['invoices'],
  summary: 'List invoices by company, status or overdue',
  security: bearerSecurity,
  request: { query: InvoiceQuery },
  responses: {
    200: {
      description: 'A page of invoices',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(InvoiceSchema), nextAfter: z.uuid().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

export function invoiceRoutes() {
  const app = apiRouter();
  app.openapi(listRoute, async (c) => {
    const ctx = adminContext(c);
    const query = c.req.valid('query');
    const rows = await listInvoices(ctx.db, {
      ...query,
      overdueOn: query.overdue === 'true' ? ctx.now.toISOString().slice(0, 10) : undefined,
    });
    const nextAfter = rows.length === query.limit ? (rows.at(-1)?.id ?? null) : null;
    return c.json({ data: rows.map(presentInvoice), nextAfter }, 200);
  });
  return app;
}
