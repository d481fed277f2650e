// A choice from the pick list: replaces the list with that customer's card.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { afterAck } from '../receiver.ts';
import { cardBlocks, errorAnswer, parseButtonValue } from '../support.ts';

export function registerPickCompany(app: App, deps: AppDeps): void {
  app.action<BlockButtonAction>(
    new RegExp(`^${ACTIONS.pickCompany.replace('.', '\\.')}:\\d+$`),
    async ({ ack, action, respond, body, client }) => {
      await ack();
      await afterAck(async () => {
        const value = parseButtonValue(action.value);
        try {
          if (!value) throw new Error('unreadable pick-list value');
          const blocks = await cardBlocks(deps, body.user.id, value.companyId);
          if (body.view?.id) {
            await client.views.update({
              view_id: body.view.id,
              view: { type: 'modal', title: { type: 'plain_text', text: 'Credit lookup' }, blocks },
            });
          } else {
            await respond({
              response_type: 'ephemeral',
              replace_original: true,
              text: 'Credit card',
              blocks,
            });
          }
        } catch (error) {
          await respond({ response_type: 'ephemeral', replace_original: false, ...errorAnswer(deps, error) });
        }
      });
    },
  );
}
