// POST /deals/{id}/credit-check and POST /credit-applications: the two credit decisions the API starts.

import { createRoute, z } from '@hono/zod-openapi';
import { submitCreditApplication } from '../../services/credit/applications.ts';
import { checkDealCredit } from '../../services/credit/deal-check.ts';
import { adminContext } from './context.ts';
import { CreditApplicationDecisionSchema, DealCheckSchema } from './credit-schemas.ts';
import { presentDealCheck } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import {
  Currency,
  FinancialStatementSchema,
  IdParam,
  MinorUnits,
  ProblemSchema,
  problemResponses,
  Text,
} from './schemas.ts';

const checkRoute = createRoute({
  method: 'post',
  path: '/deals/{id}/credit-check',
  tags: ['credit'],
  summary: 'Check a deal against its customer’s available credit (if the policy checks its stage)',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The result: applies=false when the policy does not check this deal',
      content: { 'application/json': { schema: DealCheckSchema } },
    },
    ...problemResponses,
  },
});

const applicationRoute = createRoute({
  method: 'post',
  path: '/credit-applications',
  tags: ['credit'],
  summary: 'Credit application: a new customer, or a limit change request from an existing one',
  description:
    'A new customer is scored on the application and judged by the policy acceptance rule; an existing customer (a profile or invoices) on its own history by the limitChanges rule. Within the rule the limit is set at once; otherwise a pending approval request is opened (409 while another limit request for the company waits).',
  security: bearerSecurity,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            companyId: z.uuid().optional(),
            company: z
              .object({
                name: Text(200, 1),
                domain: Text(200).optional(),
                segment: Text(60).optional(),
                country: Text(60).optional(),
                isPublic: z.boolean().optional(),
                isManufacturer: z.boolean().optional(),
              })
              .optional(),
            requestedLimitMinor: MinorUnits,
            currency: Currency,
            termsDays: z.number().int().min(0).max(365),
            financials: FinancialStatementSchema.optional(),
            tradeReferences: z
              .array(z.object({ name: Text(200, 1), daysBeyondTerms: z.number().min(0).max(365) }))
              .max(10)
              .optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The decision',
      content: { 'application/json': { schema: CreditApplicationDecisionSchema } },
    },
    ...problemResponses,
    409: {
      description: 'Another limit request for this company is waiting for approval',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export function dealCreditRoutes() {
  const app = apiRouter();
  app.openapi(checkRoute, async (c) => {
    const outcome = await checkDealCredit({
      ctx: adminContext(c),
      input: { dealId: c.req.valid('param').id },
    });
    return c.json(presentDealCheck(outcome), 200);
  });
  app.openapi(applicationRoute, async (c) => {
    const decision = await submitCreditApplication({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json(
      {
        ...decision,
        requestedLimitMinor: decision.requestedLimitMinor.toString(),
        currentLimitMinor: decision.currentLimitMinor?.toString() ?? null,
        suggestedLimitMinor: decision.suggestedLimitMinor.toString(),
      },
      201,
    );
  });
  return app;
}
