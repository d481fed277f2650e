// Buttons that act at once (Mark disputed, Escalate): ack, run the verb as the clicking user, and tell
// them what happened — or why nothing did — in an ephemeral message.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import type { ServiceContext } from '../../services/context.ts';
import { afterAck } from '../receiver.ts';
import {
  type ButtonValue,
  describeError,
  parseButtonValue,
  refreshHomeQuietly,
  serviceContextFor,
} from '../support.ts';

export function registerVerbButton(
  app: App,
  deps: AppDeps,
  actionId: string,
  run: (ctx: ServiceContext, value: ButtonValue) => Promise<string>,
): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client, respond }) => {
    await ack();
    await afterAck(async () => {
      const value = parseButtonValue(action.value);
      let text: string;
      if (!value) text = 'That button is out of date; ask me again.';
      else {
        try {
          text = await run(serviceContextFor(deps, body.user.id), value);
          await refreshHomeQuietly(client, deps, body.user.id);
        } catch (error) {
          text = describeError(deps, error);
        }
      }
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    });
  });
}
