import { createRoute, z } from '@hono/zod-openapi';
import { createCompany } from '../../services/companies/create.ts';
import { companyListInput, getCompany, searchCompanies } from '../../services/companies/read.ts';
import { adminContext } from './context.ts';
import { RiskFlagSchema } from './credit-schemas.ts';
import { presentCompany, presentDeal, presentFlag, presentInvoice } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import {
  CompanySchema,
  ContactSchema,
  Currency,
  DealSchema,
  IdParam,
  InvoiceSchema,
  ProblemSchema,
  problemResponses,
  Text,
} from './schemas.ts';

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
            flags: z.array(RiskFlagSchema).openapi({ description: 'Active flags' }),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const createCompanyRoute = createRoute({
  method: 'post',
  path: '/companies',
  tags: ['companies'],
  summary: 'Create a customer without HubSpot; it gets a credit profile from the policy at once (audited)',
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            name: Text(200, 1),
            externalId: Text(200, 1).optional().openapi({
              description:
                'Its id in the bookkeeping system, so invoice imports can name it (companyExternalId)',
            }),
            domain: Text(200).optional(),
            segment: Text(60).optional().openapi({ description: 'Picks the default limit in the policy' }),
            industry: Text(100).optional(),
            country: Text(60).optional(),
            currency: Currency.optional().openapi({ description: "Default: the policy's base currency" }),
            ownerId: z.uuid().optional().openapi({ description: 'The account manager (an owner id)' }),
            isPublic: z.boolean().optional().openapi({ description: 'Chooses the Altman variant' }),
            isManufacturer: z.boolean().optional().openapi({ description: 'Chooses the Altman variant' }),
            externalRating: Text(40)
              .optional()
              .openapi({ description: 'A rating the policy maps to points' }),
            customerSince: z.iso.date().optional().openapi({ description: 'Default: today' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The company', content: { 'application/json': { schema: CompanySchema } } },
    409: {
      description: 'A company with this externalId exists',
      content: { 'application/problem+json': { schema: ProblemSchema } },
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
        deals: detail.deals.map(presentDeal),
        invoices: detail.invoices.map(presentInvoice),
        flags: detail.flags.map(presentFlag),
      },
      200,
    );
  });
  app.openapi(createCompanyRoute, async (c) => {
    const { company, profile } = await createCompany({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json(presentCompany(company, profile), 201);
  });
  return app;
}
