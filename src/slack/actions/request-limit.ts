// "Request limit increase" on the /credit card: opens the limit modal.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { limitIncreaseModal } from '../../integrations/slack/blocks/modals.ts';
import { registerModalButton } from './open-modal-action.ts';

export function registerRequestLimit(app: App, deps: AppDeps): void {
  registerModalButton(app, deps, ACTIONS.requestLimit, (target, context) =>
    limitIncreaseModal(target, context),
  );
}
