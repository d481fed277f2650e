// GET /api/v1/doctor: the same report as `creditline doctor`, for the admin.

import { createRoute, z } from '@hono/zod-openapi';
import { hubspotDoctorProbe } from '../../services/doctor/hubspot-probe.ts';
import { runDoctor } from '../../services/doctor/run.ts';
import { apiRouter, bearerSecurity } from './router.ts';
import { problemResponses } from './schemas.ts';

const Status = z.enum(['ok', 'warning', 'error']);

const DoctorCheckSchema = z
  .object({
    area: z.enum(['config', 'database', 'slack', 'outbox', 'hubspot']),
    check: z.string().openapi({ example: 'slack.scope' }),
    status: Status,
    message: z.string().openapi({
      example:
        'the bot token lacks "users:read.email", needed for matching HubSpot owners to Slack users by email',
    }),
    fix: z.string().optional().openapi({
      example: 'add "users:read.email" under oauth_config.scopes.bot in manifest.json and reinstall the app',
    }),
  })
  .openapi('DoctorCheck');

const DoctorReportSchema = z
  .object({
    status: Status.openapi({ description: 'The worst status of any check' }),
    errors: z.number().int(),
    warnings: z.number().int(),
    checkedAt: z.string(),
    checks: z.array(DoctorCheckSchema),
  })
  .openapi('DoctorReport');

const doctorRoute = createRoute({
  method: 'get',
  path: '/doctor',
  tags: ['operations'],
  summary: 'What this installation is missing: configuration, database, Slack, outbox and HubSpot checks',
  security: bearerSecurity,
  responses: {
    200: {
      description: 'The report (200 even when it finds errors: the report is the answer)',
      content: { 'application/json': { schema: DoctorReportSchema } },
    },
    ...problemResponses,
  },
});

export function doctorRoutes() {
  const app = apiRouter();
  app.openapi(doctorRoute, async (c) => {
    const deps = c.get('deps');
    const report = await runDoctor({
      config: deps.config,
      clock: deps.clock,
      database: { db: deps.db },
      hubspotProbe: hubspotDoctorProbe(deps.config),
    });
    return c.json({ ...report, checkedAt: report.checkedAt.toISOString() }, 200);
  });
  return app;
}
