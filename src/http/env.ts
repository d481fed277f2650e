// The Hono context type, declared once. Handlers read their dependencies from here, never from globals.

import type { AppDeps } from '../deps.ts';
import type { Logger } from '../lib/logger.ts';

export interface HonoEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    deps: AppDeps;
    /** Set by admin auth: who is calling. */
    actorId: string;
  };
}
