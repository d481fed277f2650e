// Bearer-token auth for the admin API. Without a configured token, everything is refused with a hint.

import type { MiddlewareHandler } from 'hono';
import { UnauthorizedError } from '../domain/errors.ts';
import { constantTimeEqual } from '../lib/crypto.ts';
import type { HonoEnv } from './env.ts';

export function adminAuth(token: string | undefined): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (!token) {
      throw new UnauthorizedError(
        'The admin API is disabled: set ADMIN_API_TOKEN (16+ characters) to enable it',
      );
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !constantTimeEqual(match[1], token)) {
      c.header('www-authenticate', 'Bearer realm="creditline"');
      throw new UnauthorizedError('Missing or invalid bearer token');
    }
    c.set('actorId', 'api-token');
    await next();
  };
}
