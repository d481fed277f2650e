// GET /metrics (portfolio) and GET /metrics/companies/{id}: DSO, BPDSO, ADD, CEI, aging, bad-debt
// ratio and the 12-week collection forecast for a period (default: the 90 days to today).

import { createRoute, z } from '@hono/zod-openapi';
import { AGING_BUCKETS, type AgingBucket } from '../../domain/metrics/aging.ts';
import { receivablesMetrics } from '../../services/metrics/report.ts';
import { adminContext } from './context.ts';
import { ReceivablesMetricsSchema } from './metrics-schemas.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { IdParam, problemResponses } from './schemas.ts';

const PeriodQuery = z.object({
  from: z.iso
    .date()
    .optional()
    .openapi({ description: 'First day of the period (default: 89 days before to)' }),
  to: z.iso.date().optional().openapi({ description: 'Last day of the period (default: today, UTC)' }),
});

const MetricsSchema = ReceivablesMetricsSchema;

const portfolioRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['metrics'],
  summary: 'Portfolio receivables metrics for a period, in the base currency',
  security: bearerSecurity,
  request: { query: PeriodQuery },
  responses: {
    200: { description: 'Metrics', content: { 'application/json': { schema: MetricsSchema } } },
    ...problemResponses,
  },
});

const companyRoute = createRoute({
  method: 'get',
  path: '/metrics/companies/{id}',
  tags: ['metrics'],
  summary: 'One company’s receivables metrics for a period, in the base currency',
  security: bearerSecurity,
  request: { params: IdParam, query: PeriodQuery },
  responses: {
    200: { description: 'Metrics', content: { 'application/json': { schema: MetricsSchema } } },
    ...problemResponses,
  },
});

type Metrics = Awaited<ReturnType<typeof receivablesMetrics>>;

/** The service builds aging from the bucket list; every bucket is there, named as the schema says. */
function present(metrics: Metrics) {
  const aging = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, metrics.aging[bucket] ?? '0']));
  return { ...metrics, aging: aging as Record<AgingBucket, string> };
}

export function metricsRoutes() {
  const app = apiRouter();
  app.openapi(portfolioRoute, async (c) =>
    c.json(present(await receivablesMetrics({ ctx: adminContext(c), input: c.req.valid('query') })), 200),
  );
  app.openapi(companyRoute, async (c) =>
    c.json(
      present(
        await receivablesMetrics({
          ctx: adminContext(c),
          input: { ...c.req.valid('query'), companyId: c.req.valid('param').id },
        }),
      ),
      200,
    ),
  );
  return app;
}
