// /api/v1: bearer-token auth, every resource module, and the OpenAPI 3.1 document.

import type { MiddlewareHandler } from 'hono';
import { adminAuth } from '../../http/admin-auth.ts';
import type { HonoEnv } from '../../http/env.ts';
import { companyRoutes } from './companies.ts';
import { creditRoutes } from './credit.ts';
import { dealCreditRoutes } from './deal-credit.ts';
import { hubspotWriteBackRoutes } from './hubspot-write-back.ts';
import { importRoutes } from './imports.ts';
import { invoiceRoutes } from './invoices.ts';
import { metricsRoutes } from './metrics.ts';
import { outboxRoutes } from './outbox.ts';
import { policyRoutes } from './policy.ts';
import { apiRouter } from './router.ts';
import { syncRoutes } from './sync.ts';

export function adminApi(token: string | undefined) {
  const api = apiRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Creditline admin API', version: '1' },
    servers: [{ url: '/api/v1' }],
  });
  const auth: MiddlewareHandler<HonoEnv> = adminAuth(token);
  api.use('*', async (c, next) => {
    // The document describes the API; it holds no customer data, so it is public.
    if (c.req.path.endsWith('/openapi.json')) return next();
    return auth(c, next);
  });
  api.route('/', companyRoutes());
  api.route('/', invoiceRoutes());
  api.route('/', outboxRoutes());
  api.route('/', policyRoutes());
  api.route('/', creditRoutes());
  api.route('/', dealCreditRoutes());
  api.route('/', metricsRoutes());
  api.route('/', importRoutes());
  api.route('/', syncRoutes());
  api.route('/', hubspotWriteBackRoutes());
  return api;
}
