// Builds the whole HTTP app from its dependencies. Entries (Node, Workers) only build deps and serve.

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { enabledIntegrations } from './config/load.ts';
import type { AppDeps } from './deps.ts';
import { PayloadTooLargeError } from './domain/errors.ts';
import type { HonoEnv } from './http/env.ts';
import { requestContext } from './http/middleware.ts';
import { handleError, problemResponse } from './http/problem.ts';
import { baseSecurityHeaders, contentSecurityPolicy } from './http/security-headers.ts';
import { API_BASE_PATH, adminApi } from './routes/api/index.ts';
import { healthRoutes } from './routes/health.ts';
import { hubspotWebhookRoutes } from './routes/hubspot-webhooks.ts';
import { createSlackBolt } from './slack/bolt-app.ts';
import { slackRoutes } from './slack/route.ts';

export function createApp(deps: AppDeps) {
  const app = new Hono<HonoEnv>();
  app.use('*', requestContext(deps));
  app.use('*', baseSecurityHeaders());
  app.use('*', contentSecurityPolicy());
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(`Request body exceeds ${deps.config.BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );
  app.onError(handleError);
  app.notFound((c) =>
    problemResponse(c, {
      status: 404,
      code: 'not_found',
      detail: `No route for ${c.req.method} ${c.req.path}`,
    }),
  );

  app.route('/', healthRoutes());
  app.route(API_BASE_PATH, adminApi(deps.config.ADMIN_API_TOKEN));
  app.route('/hubspot', hubspotWebhookRoutes());
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET } = deps.config;
  if (enabledIntegrations(deps.config).slack && SLACK_BOT_TOKEN && SLACK_SIGNING_SECRET) {
    app.route('/', slackRoutes(deps, createSlackBolt(deps, SLACK_BOT_TOKEN), SLACK_SIGNING_SECRET));
  }
  return app;
}

export type CreditlineApp = ReturnType<typeof createApp>;
