// Per-request plumbing: request id, child logger with the id, access log, dependencies on the context.

import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { HonoEnv } from './env.ts';

const REQUEST_ID_PATTERN = /^[\w.-]{1,128}$/;

export function requestContext(deps: AppDeps): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : crypto.randomUUID();
    const logger = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', logger);
    c.set('deps', deps);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const path = new URL(c.req.url).pathname;
    if (path !== '/healthz') {
      logger.info(
        { method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  };
}
