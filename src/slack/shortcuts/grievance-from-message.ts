// Message shortcut "Open grievance": a customer's complaint pasted in Slack becomes a grievance; the
// modal starts with the message text and asks which customer.

import type { App, MessageShortcut } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { SHORTCUTS } from '../../integrations/slack/blocks/ids.ts';
import { grievanceModal } from '../../integrations/slack/blocks/modals.ts';

export function registerGrievanceFromMessage(app: App, _deps: AppDeps): void {
  app.shortcut<MessageShortcut>(SHORTCUTS.grievanceFromMessage, async ({ ack, shortcut, client }) => {
    await ack();
    const text = typeof shortcut.message.text === 'string' ? shortcut.message.text : '';
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: grievanceModal({ channelId: shortcut.channel.id }, 'From a message in Slack', text),
    });
  });
}
