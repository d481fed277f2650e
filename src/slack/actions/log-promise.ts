// "Log promise to pay" (digest line or /credit card): opens the promise modal.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { promiseModal } from '../../integrations/slack/blocks/modals.ts';
import { isoDate } from '../../lib/dates.ts';
import { registerModalButton } from './open-modal-action.ts';

export function registerLogPromise(app: App, deps: AppDeps): void {
  registerModalButton(app, deps, ACTIONS.logPromise, (target, context) =>
    promiseModal(target, context, isoDate(deps.clock.now())),
  );
}
