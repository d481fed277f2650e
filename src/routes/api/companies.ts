import { createRoute, z } from '@hono/zod-openapi';
import { companyListInput, getCompany, searchCompanies } from '../../services/companies/read.ts';
import { adminContext } from './context.ts';
import { presentCompany, presentInvoice } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { CompanySchema, IdParam, InvoiceSchema, MinorUnits, problemResponses } from './schemas.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/companies',
  tags: ['companies'],
  summary: 'List companies, optionally searching by name or domain',
  security: bearerSecurity,
  request: { query: companyListInput },
  responses: {
    200: {
      description: 'A page of companies',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(CompanySchema), nextAfter: z.uuid().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const ContactSchema = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
});
const DealSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  amountMinor: MinorUnits.nullable(),
  currency: z.string().nullable(),
  stage: z.string().nullable(),
  creditStatus: z.string(),
  creditNote: z.string().nullable(),
});
const FlagSchema = z.object({
  code: z.string(),
  severity: z.string(),
  facts: z.unknown(),
  raisedAt: z.string(),
});

const getRoute = createRoute({
  method: 'get',
  path: '/companies/{id}',
  tags: ['companies'],
  summary: 'One company with its contacts, deals, invoices, credit profile and active flags',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The company',
      content: {
        'application/json': {
          schema: CompanySchema.extend({
            contacts: z.array(ContactSchema),
            deals: z.array(DealSchema),
            invoices: z.array(InvoiceSchema),
            flags: z.array(FlagSchema),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

export function companyRoutes() {
  const app = apiRouter();
  app.openapi(listRoute, async (c) => {
    const { rows, nextAfter } = await searchCompanies({ ctx: adminContext(c), input: c.req.valid('query') });
    return c.json(
      { data: rows.map((row) => presentCompany(row.company, row.profile)), nextAfter: nextAfter ?? null },
      200,
    );
  });
  app.openapi(getRoute, async (c) => {
    const detail = await getCompany({ ctx: adminContext(c), input: c.req.valid('param') });
    return c.json(
      {
        ...presentCompany(detail.company, detail.profile),
        contacts: detail.contacts.map(({ id, email, firstName, lastName }) => ({
          id,
          email,
          firstName,
          lastName,
        })),
        deals: detail.deals.map((deal) => ({
          id: deal.id,
          name: deal.name,
          amountMinor: deal.amountMinor?.toString() ?? null,
          currency: deal.currency,
          stage: deal.stage,
          creditStatus: deal.creditStatus,
          creditNote: deal.creditNote,
        })),
        invoices: detail.invoices.map(presentInvoice),
        flags: detail.flags.map((flag) => ({
          code: flag.code,
          severity: flag.severity,
          facts: flag.facts,
          raisedAt: flag.raisedAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
