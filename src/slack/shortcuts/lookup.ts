// Global shortcut "Credit lookup": a modal that asks for a customer and answers in place.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { SHORTCUTS } from '../../integrations/slack/blocks/ids.ts';
import { lookupModal } from '../../integrations/slack/blocks/modals.ts';

export function registerLookupShortcut(app: App, _deps: AppDeps): void {
  app.shortcut(SHORTCUTS.lookup, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views.open({ trigger_id: shortcut.trigger_id, view: lookupModal() });
  });
}
