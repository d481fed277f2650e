// POST /deals: a deal created without HubSpot, credit-checked like a synced deal.

import { createRoute, z } from '@hono/zod-openapi';
import { createDeal } from '../../services/deals/create.ts';
import { adminContext } from './context.ts';
import { DealCheckSchema } from './credit-schemas.ts';
import { presentDeal, presentDealCheck } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { Currency, DealSchema, MinorUnits, problemResponses, Text } from './schemas.ts';

const createDealRoute = createRoute({
  method: 'post',
  path: '/deals',
  tags: ['credit'],
  summary: 'Create a deal without HubSpot; it is credit-checked like a synced deal (audited)',
  description:
    'A deal in a stage the policy checks is compared with its customer’s available credit: over it, the deal is held and an approval request opens. Exposure and the score are recomputed either way.',
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            companyId: z.uuid(),
            name: Text(200, 1),
            amountMinor: MinorUnits.openapi({ description: 'Deal amount in minor units (not negative)' }),
            currency: Currency.optional().openapi({ description: "Default: the company's currency" }),
            pipeline: Text(100, 1).optional(),
            stage: Text(100, 1)
              .optional()
              .openapi({ description: 'Stage id; the policy says which are checked' }),
            closeDate: z.iso.date().optional(),
            ownerId: z.uuid().optional().openapi({ description: "Default: the company's owner" }),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The deal and its credit check',
      content: { 'application/json': { schema: z.object({ deal: DealSchema, check: DealCheckSchema }) } },
    },
    ...problemResponses,
  },
});

export function dealRoutes() {
  const app = apiRouter();
  app.openapi(createDealRoute, async (c) => {
    const { deal, check } = await createDeal({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json({ deal: presentDeal(deal), check: presentDealCheck(check) }, 201);
  });
  return app;
}
