// "Open grievance" on the /credit card: opens the grievance modal.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { grievanceModal } from '../../integrations/slack/blocks/modals.ts';
import { registerModalButton } from './open-modal-action.ts';

export function registerOpenGrievance(app: App, deps: AppDeps): void {
  registerModalButton(app, deps, ACTIONS.openGrievance, (target, context) => grievanceModal(target, context));
}
