// POST /deals/{id}/credit-check and POST /credit-applications: the two credit decisions the API starts.

import { createRoute, z } from '@hono/zod-openapi';
import { toJsonSafe } from '../../lib/json.ts';
import { submitCreditApplication } from '../../services/credit/applications.ts';
import { checkDealCredit } from '../../services/credit/deal-check.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import {
  Currency,
  FinancialStatementSchema,
  IdParam,
  MinorUnits,
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
      content: {
        'application/json': {
          schema: z.object({
            dealId: z.uuid(),
            applies: z.boolean(),
            status: z.enum(['ok', 'hold', 'approved']).optional(),
            reason: z.string().optional(),
            why: z.string().optional(),
            allowanceMinor: MinorUnits.optional(),
            approvalRequestId: z.uuid().nullable(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const applicationRoute = createRoute({
  method: 'post',
  path: '/credit-applications',
  tags: ['credit'],
  summary: 'New-customer credit application: suggested limit, score, auto-approval or an approval request',
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
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...problemResponses,
  },
});

export function dealCreditRoutes() {
  const app = apiRouter();
  app.openapi(checkRoute, async (c) => {
    const outcome = await checkDealCredit({
      ctx: adminContext(c),
      input: { dealId: c.req.valid('param').id },
    });
    const { result } = outcome;
    return c.json(
      result.applies
        ? {
            dealId: outcome.dealId,
            applies: true,
            status: result.status,
            reason: result.reason,
            allowanceMinor: result.allowanceMinor.toString(),
            approvalRequestId: outcome.approvalRequestId,
          }
        : { dealId: outcome.dealId, applies: false, why: result.why, approvalRequestId: null },
      200,
    );
  });
  app.openapi(applicationRoute, async (c) => {
    const decision = await submitCreditApplication({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json(toJsonSafe(decision) as Record<string, unknown>, 201);
  });
  return app;
}
