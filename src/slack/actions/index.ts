// Button clicks.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { registerEscalate } from './escalate.ts';
import { registerLinkButtons } from './link-buttons.ts';
import { registerLogPromise } from './log-promise.ts';
import { registerMarkDisputed } from './mark-disputed.ts';
import { registerOpenGrievance } from './open-grievance.ts';
import { registerPickCompany } from './pick-company.ts';
import { registerRequestLimit } from './request-limit.ts';
import { registerSnooze } from './snooze.ts';

export function registerActions(app: App, deps: AppDeps): void {
  registerLogPromise(app, deps);
  registerSnooze(app, deps);
  registerMarkDisputed(app, deps);
  registerEscalate(app, deps);
  registerRequestLimit(app, deps);
  registerOpenGrievance(app, deps);
  registerPickCompany(app, deps);
  registerLinkButtons(app);
}
