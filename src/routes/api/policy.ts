// /policy: the credit policy in force, its history, and changes (each a new, audited version).

import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { fxStatus } from '../../services/fx/status.ts';
import {
  currentPolicy,
  listPolicyVersions,
  type PolicyVersion,
  policyVersion,
} from '../../services/policy/current.ts';
import { updatePolicy } from '../../services/policy/update.ts';
import { adminContext } from './context.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { Int32, JsonObject, problemResponses, Text } from './schemas.ts';

const PolicyVersionSchema = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    reason: z.string().nullable(),
    policy: z.record(z.string(), z.unknown()).openapi({
      description:
        'The policy document: terms, default limits, exposure, score weights and thresholds, flags, strategies, credit checks, dunning, approvals and who reads credit files in Slack; amounts as minor-unit strings (see docs/credit-engine.md)',
    }),
  })
  .openapi('CreditPolicyVersion');

const FxStatusSchema = z
  .object({
    baseCurrency: z.string().openapi({ description: 'The currency limits and approval amounts are in' }),
    rates: z
      .array(
        z.object({
          currency: z.string(),
          rate: z.string().openapi({ description: 'Units of the base currency per one unit, exact decimal' }),
          on: z.string().openapi({ description: 'The day the rate is for' }),
          source: z.enum(['policy', 'hubspot', 'demo']),
        }),
      )
      .openapi({ description: 'The rates in force today: the policy’s own override the stored ones' }),
    missing: z.array(z.string()).openapi({
      description: 'Currencies of open invoices or deals without a rate: left out of the figures',
    }),
    missingLine: z.string().nullable().openapi({ description: 'What is missing and how to set a rate' }),
  })
  .openapi('FxStatus');

const present = (version: PolicyVersion) => ({
  version: version.version,
  createdAt: version.createdAt.toISOString(),
  createdBy: version.createdBy,
  reason: version.reason,
  policy: toJsonSafe(version.policy) as Record<string, unknown>,
});

const getRoute = createRoute({
  method: 'get',
  path: '/policy',
  tags: ['policy'],
  summary: 'The credit policy in force (the default policy is stored as version 1 on first use)',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'The policy, with the exchange rates in force',
      content: { 'application/json': { schema: PolicyVersionSchema.extend({ fx: FxStatusSchema }) } },
    },
    ...problemResponses,
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/policy',
  tags: ['policy'],
  summary: 'Replace the policy: stored as the next version, audited, every company rescored',
  security: bearerSecurity,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            policy: JsonObject,
            reason: Text(500, 1),
            expectedVersion: z.number().int().min(1).max(2_147_483_647).optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The new version',
      content: { 'application/json': { schema: PolicyVersionSchema.extend({ rescored: z.number().int() }) } },
    },
    409: { description: 'The policy changed since expectedVersion' },
    ...problemResponses,
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/policy/versions',
  tags: ['policy'],
  summary: 'Every stored version, newest first',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'Versions',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(PolicyVersionSchema.omit({ policy: true })) }),
        },
      },
    },
    ...problemResponses,
  },
});

const versionRoute = createRoute({
  method: 'get',
  path: '/policy/versions/{version}',
  tags: ['policy'],
  summary: 'One stored version',
  security: bearerSecurity,
  request: {
    params: z.object({
      version: Int32.min(1).openapi({ param: { name: 'version', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'The version', content: { 'application/json': { schema: PolicyVersionSchema } } },
    ...problemResponses,
  },
});

export function policyRoutes() {
  const app = apiRouter();
  app.openapi(getRoute, async (c) => {
    const ctx = adminContext(c);
    const policy = await currentPolicy(ctx.db, ctx);
    return c.json({ ...present(policy), fx: await fxStatus(ctx) }, 200);
  });
  app.openapi(putRoute, async (c) => {
    const updated = await updatePolicy({ ctx: adminContext(c), input: c.req.valid('json') });
    return c.json({ ...present(updated), rescored: updated.rescored }, 200);
  });
  app.openapi(versionsRoute, async (c) => {
    const rows = await listPolicyVersions(adminContext(c).db);
    return c.json({ data: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) }, 200);
  });
  app.openapi(versionRoute, async (c) => {
    const { version } = c.req.valid('param');
    const found = await policyVersion(adminContext(c).db, version);
    if (!found) throw new NotFoundError(`No policy version ${version}`);
    return c.json(present(found), 200);
  });
  return app;
}
