// The verb context for a Slack user's request.

import { type AppDeps, serviceContext } from '../deps.ts';
import type { ServiceContext } from '../services/context.ts';

export type { ServiceContext };

export function serviceContextFor(deps: AppDeps, slackUserId: string): ServiceContext {
  return serviceContext(deps, { kind: 'slack', id: slackUserId });
}
