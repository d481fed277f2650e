// Modal submissions.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { registerGrievanceSubmitted } from './grievance-submitted.ts';
import { registerLimitSubmitted } from './limit-submitted.ts';
import { registerLookupSubmitted } from './lookup-submitted.ts';
import { registerPromiseSubmitted } from './promise-submitted.ts';
import { registerSnoozeSubmitted } from './snooze-submitted.ts';

export function registerViews(app: App, deps: AppDeps): void {
  registerPromiseSubmitted(app, deps);
  registerSnoozeSubmitted(app, deps);
  registerLimitSubmitted(app, deps);
  registerGrievanceSubmitted(app, deps);
  registerLookupSubmitted(app, deps);
}
