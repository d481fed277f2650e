import type { Context } from 'hono';
import { serviceContext } from '../../deps.ts';
import type { HonoEnv } from '../../http/env.ts';
import type { ServiceContext } from '../../services/context.ts';

/** The verb context for an admin API request: the token holder acts, at the request's time. */
export function adminContext(c: Context<HonoEnv>): ServiceContext {
  return serviceContext(
    c.get('deps'),
    { kind: 'admin', id: c.get('actorId') },
    { requestId: c.get('requestId'), logger: c.get('logger') },
  );
}
