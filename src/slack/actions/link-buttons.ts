// Link buttons (Open in HubSpot, Open panel) open a URL in the browser; Slack still sends the click,
// which only needs an ack.

import type { App } from '@slack/bolt';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';

export function registerLinkButtons(app: App): void {
  for (const actionId of [ACTIONS.openHubspot, ACTIONS.openPanel]) {
    app.action(actionId, async ({ ack }) => {
      await ack();
    });
  }
}
