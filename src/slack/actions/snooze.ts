// "Snooze" on a digest line: opens the snooze modal (until a date, with a reason).

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { snoozeModal } from '../../integrations/slack/blocks/modals.ts';
import { registerModalButton } from './open-modal-action.ts';

export function registerSnooze(app: App, deps: AppDeps): void {
  registerModalButton(app, deps, ACTIONS.snooze, (target, context) =>
    target.invoiceId
      ? snoozeModal(target, context)
      : 'Snooze works on one invoice: use it from a digest line.',
  );
}
