// /companies/{id}/credit, /flags, /credit-limit and /financials: a company's credit profile and flags,
// setting its limit, and recording its financial statements (Altman).

import { createRoute, z } from '@hono/zod-openapi';
import { addFinancials } from '../../services/credit/financials.ts';
import { setCreditLimit } from '../../services/credit/limit.ts';
import { flagHistory, getCreditProfile } from '../../services/credit/read.ts';
import { adminContext } from './context.ts';
import { AltmanResultSchema, RiskFlagSchema } from './credit-schemas.ts';
import { presentFlag, presentProfile } from './presenters.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import {
  CreditProfileSchema,
  Currency,
  FinancialStatementSchema,
  IdParam,
  MinorUnits,
  problemResponses,
  Text,
} from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const creditRoute = createRoute({
  method: 'get',
  path: '/companies/{id}/credit',
  tags: ['credit'],
  summary: 'Credit profile (limit, exposure, available, score with its explanation) and active flags',
  security: bearerSecurity,
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        profile: CreditProfileSchema.nullable(),
        flags: z.array(RiskFlagSchema),
        unappliedCash: z.array(z.object({ currency: z.string(), amountMinor: MinorUnits })).openapi({
          description:
            'Payments no invoice took, by currency (without an invoice, or the excess over one kept by the policy); not netted against exposure',
        }),
      }),
      'The profile',
    ),
    ...problemResponses,
  },
});

const flagsRoute = createRoute({
  method: 'get',
  path: '/companies/{id}/flags',
  tags: ['credit'],
  summary: 'Flag history, newest first: raised and cleared flags with their facts',
  security: bearerSecurity,
  request: {
    params: IdParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: { 200: json(z.object({ data: z.array(RiskFlagSchema) }), 'Flags'), ...problemResponses },
});

const limitRoute = createRoute({
  method: 'put',
  path: '/companies/{id}/credit-limit',
  tags: ['credit'],
  summary: "An administrator's decision on the approved credit limit (and optionally terms and blocked)",
  description:
    'Applied as given (not judged by the policy rule that credit applications and Slack requests go through), audited as a manual decision with before, after and reason, then recomputed.',
  security: bearerSecurity,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            limitMinor: MinorUnits,
            currency: Currency.optional(),
            termsDays: z.number().int().min(0).max(365).optional(),
            blocked: z.boolean().optional(),
            reason: Text(500, 1),
          }),
        },
      },
    },
  },
  responses: { 200: json(CreditProfileSchema, 'The recomputed profile'), ...problemResponses },
});

const financialsRoute = createRoute({
  method: 'post',
  path: '/companies/{id}/financials',
  tags: ['credit'],
  summary: "Record financial statements; the Altman variant (Z, Z', Z'') follows the company's data",
  security: bearerSecurity,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: FinancialStatementSchema,
        },
      },
    },
  },
  responses: {
    201: json(
      z.object({
        id: z.uuid(),
        periodEnd: z.string(),
        altman: AltmanResultSchema,
      }),
      'The stored statement with its Altman result',
    ),
    ...problemResponses,
  },
});

export function creditRoutes() {
  const app = apiRouter();
  app.openapi(creditRoute, async (c) => {
    const { profile, flags, unappliedCash } = await getCreditProfile({
      ctx: adminContext(c),
      input: c.req.valid('param'),
    });
    return c.json(
      {
        profile: presentProfile(profile),
        flags: flags.map(presentFlag),
        unappliedCash: unappliedCash.map((cash) => ({
          currency: cash.currency,
          amountMinor: cash.minor.toString(),
        })),
      },
      200,
    );
  });
  app.openapi(flagsRoute, async (c) => {
    const rows = await flagHistory({
      ctx: adminContext(c),
      input: { ...c.req.valid('param'), ...c.req.valid('query') },
    });
    return c.json({ data: rows.map(presentFlag) }, 200);
  });
  app.openapi(limitRoute, async (c) => {
    const profile = await setCreditLimit({
      ctx: adminContext(c),
      input: { ...c.req.valid('json'), companyId: c.req.valid('param').id },
    });
    const presented = presentProfile(profile);
    if (!presented) throw new Error('no profile after setting the limit');
    return c.json(presented, 200);
  });
  app.openapi(financialsRoute, async (c) => {
    const stored = await addFinancials({
      ctx: adminContext(c),
      input: { ...c.req.valid('json'), companyId: c.req.valid('param').id },
    });
    return c.json(stored, 201);
  });
  return app;
}
