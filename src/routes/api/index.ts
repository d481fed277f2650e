// /api/v1: bearer-token auth, every resource module, and the OpenAPI 3.1 document.

import type { MiddlewareHandler } from 'hono';
import { adminAuth } from '../../http/admin-auth.ts';
import type { HonoEnv } from '../../http/env.ts';
import { companyRoutes } from './companies.ts';
import { creditRoutes } from './credit.ts';
import { dealCreditRoutes } from './deal-credit.ts';
import { dealRoutes } from './deals.ts';
import { doctorRoutes } from './doctor.ts';
import { hubspotWriteBackRoutes } from './hubspot-write-back.ts';
import { importRoutes } from './imports.ts';
import { invoiceRoutes } from './invoices.ts';
import { metricsRoutes } from './metrics.ts';
import { outboxRoutes } from './outbox.ts';
import { policyRoutes } from './policy.ts';
import { apiRouter } from './router.ts';
import { syncRoutes } from './sync.ts';

/** Where the admin API is mounted; the OpenAPI document's server URL says the same. */
export const API_BASE_PATH = '/api/v1';
const OPENAPI_PATH = '/openapi.json';

export function adminApi(token: string | undefined) {
  const api = apiRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: { title: 'Creditline admin API', version: '1' },
    servers: [{ url: API_BASE_PATH }],
  });
  const auth: MiddlewareHandler<HonoEnv> = adminAuth(token);
  api.use('*', async (c, next) => {
    // The document describes the API; it holds no customer data, so it is public. Only that exact
    // path: a path that merely ends the same way (/companies/openapi.json) is API data.
    if (c.req.method === 'GET' && c.req.path === `${API_BASE_PATH}${OPENAPI_PATH}`) return next();
    // Customer data must not sit in a browser's or a proxy's cache; errors included.
    c.header('cache-control', 'no-store');
    return auth(c, next);
  });
  api.route('/', companyRoutes());
  api.route('/', invoiceRoutes());
  api.route('/', outboxRoutes());
  api.route('/', policyRoutes());
  api.route('/', creditRoutes());
  api.route('/', dealCreditRoutes());
  api.route('/', dealRoutes());
  api.route('/', metricsRoutes());
  api.route('/', importRoutes());
  api.route('/', syncRoutes());
  api.route('/', doctorRoutes());
  api.route('/', hubspotWriteBackRoutes());
  return api;
}
