// /credit <company name or domain>: acknowledges at once, then answers with an ephemeral card.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { HELP_TEXT } from '../../integrations/slack/blocks/lists.ts';
import { lookupAnswer } from '../lookup.ts';
import { afterAck } from '../receiver.ts';

export function registerCreditCommand(app: App, deps: AppDeps): void {
  app.command('/credit', async ({ ack, command, respond }) => {
    const query = command.text.trim();
    if (!query) {
      await ack({
        response_type: 'ephemeral',
        text: `Usage: \`/credit <company name or domain>\`\n${HELP_TEXT}`,
      });
      return;
    }
    await ack();
    await afterAck(async () => {
      const answer = await lookupAnswer(deps, command.user_id, query);
      await respond({ response_type: 'ephemeral', replace_original: false, ...answer });
    });
  });
}
