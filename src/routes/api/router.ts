// The OpenAPI router every /api/v1 module builds on: zod failures become ValidationError (→ 400 problem).

import { OpenAPIHono } from '@hono/zod-openapi';
import type { HonoEnv } from '../../http/env.ts';
import { validationErrorFrom } from '../../services/validate.ts';

export function apiRouter() {
  return new OpenAPIHono<HonoEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });
}

export const bearerSecurity = [{ bearer: [] }];
