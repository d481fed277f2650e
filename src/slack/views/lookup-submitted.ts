// The lookup shortcut's modal: answers in place with the card, a pick list, or the field's error.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { VIEWS } from '../../integrations/slack/blocks/ids.ts';
import { lookupAnswer } from '../lookup.ts';

export function registerLookupSubmitted(app: App, deps: AppDeps): void {
  app.view(VIEWS.lookup, async ({ ack, body, view }) => {
    const query = view.state.values.query?.value?.value?.trim() ?? '';
    if (query.length < 2) {
      await ack({
        response_action: 'errors',
        errors: { query: 'Type at least two letters of the name or domain.' },
      });
      return;
    }
    const answer = await lookupAnswer(deps, body.user.id, query);
    await ack({
      response_action: 'update',
      view: { type: 'modal', title: { type: 'plain_text', text: 'Credit lookup' }, blocks: answer.blocks },
    });
  });
}
