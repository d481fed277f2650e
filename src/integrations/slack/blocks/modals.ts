// The modals behind the buttons: promise to pay, snooze, limit increase, grievance. Each carries what
// it acts on in private_metadata; the submission handler re-checks everything in the verb.

import { escapeText } from './format.ts';
import { VIEWS } from './ids.ts';
import type { KnownBlock, ModalView } from './kit.ts';

export interface ModalTarget {
  /** Absent when opened from a message shortcut: the modal then asks which customer. */
  companyId?: string;
  invoiceId?: string;
  /** Where to say "done" (the channel or DM the button was in). */
  channelId?: string;
}

function modal(
  callbackId: string,
  title: string,
  submit: string,
  target: ModalTarget,
  blocks: KnownBlock[],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(target),
    blocks,
  };
}

function input(
  blockId: string,
  label: string,
  element: Record<string, unknown>,
  optional = false,
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    optional,
    element: { action_id: 'value', ...element },
  } as KnownBlock;
}

export function promiseModal(target: ModalTarget, context: string, today: string): ModalView {
  return modal(VIEWS.promise, 'Promise to pay', 'Log promise', target, [
    { type: 'section', text: { type: 'mrkdwn', text: escapeText(context) } },
    input('amount', 'Amount promised', {
      type: 'plain_text_input',
      placeholder: { type: 'plain_text', text: '1250.00' },
    }),
    input('date', 'Promised payment date', { type: 'datepicker', initial_date: today }),
    input('note', 'Note', { type: 'plain_text_input', multiline: true }, true),
  ]);
}

export function snoozeModal(target: ModalTarget, context: string): ModalView {
  return modal(VIEWS.snooze, 'Snooze alerts', 'Snooze', target, [
    { type: 'section', text: { type: 'mrkdwn', text: escapeText(context) } },
    input('until', 'Snooze until', { type: 'datepicker' }),
    input('reason', 'Reason', { type: 'plain_text_input' }),
  ]);
}

export function limitIncreaseModal(target: ModalTarget, context: string): ModalView {
  return modal(VIEWS.limitIncrease, 'Limit increase', 'Request', target, [
    { type: 'section', text: { type: 'mrkdwn', text: escapeText(context) } },
    input('amount', 'New limit', {
      type: 'plain_text_input',
      placeholder: { type: 'plain_text', text: '50000.00' },
    }),
    input('reason', 'Why', { type: 'plain_text_input', multiline: true }),
  ]);
}

export function grievanceModal(target: ModalTarget, context: string, initialTitle = ''): ModalView {
  return modal(VIEWS.grievance, 'Open grievance', 'Open', target, [
    { type: 'section', text: { type: 'mrkdwn', text: escapeText(context) } },
    ...(target.companyId ? [] : [input('company', 'Customer name or domain', { type: 'plain_text_input' })]),
    input('kind', 'Kind', {
      type: 'static_select',
      initial_option: { text: { type: 'plain_text', text: 'Complaint' }, value: 'complaint' },
      options: [
        { text: { type: 'plain_text', text: 'Complaint' }, value: 'complaint' },
        { text: { type: 'plain_text', text: 'Dispute' }, value: 'dispute' },
      ],
    }),
    input('title', 'What is it about', {
      type: 'plain_text_input',
      ...(initialTitle ? { initial_value: initialTitle.slice(0, 300) } : {}),
    }),
  ]);
}

export function lookupModal(): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.lookup,
    title: { type: 'plain_text', text: 'Credit lookup' },
    submit: { type: 'plain_text', text: 'Look up' },
    blocks: [input('query', 'Customer name or domain', { type: 'plain_text_input' })],
  };
}
