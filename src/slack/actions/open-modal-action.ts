// Buttons that open a modal (promise, snooze, limit increase, grievance): ack, then views.open with the
// single-use trigger id while it is still valid (3 seconds).

import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import type { ModalView } from '../../integrations/slack/blocks/kit.ts';
import type { ModalTarget } from '../../integrations/slack/blocks/modals.ts';
import { type ButtonValue, describeError, openModal, parseButtonValue } from '../support.ts';
import { modalContext } from './modal-context.ts';

export type ModalBuilder = (target: ModalTarget, context: string, value: ButtonValue) => ModalView | string;

/** `build` returns the modal, or a sentence when the button does not apply (e.g. snooze without an invoice). */
export function registerModalButton(app: App, deps: AppDeps, actionId: string, build: ModalBuilder): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action, client, respond }) => {
    await ack();
    // Straight after the ack, not queued behind other after-ack work: the trigger id expires 3 s after
    // the click.
    const value = parseButtonValue(action.value);
    if (!value) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That button is out of date; ask me again.',
      });
      return;
    }
    try {
      const target: ModalTarget = {
        companyId: value.companyId,
        ...(value.invoiceId ? { invoiceId: value.invoiceId } : {}),
        ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      };
      const view = build(target, await modalContext(deps, value), value);
      if (typeof view === 'string') {
        await respond({ response_type: 'ephemeral', replace_original: false, text: view });
        return;
      }
      await openModal(client, body, view);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: describeError(deps, error),
      });
    }
  });
}
