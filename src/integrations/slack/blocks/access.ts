// What a reader is told when the policy keeps a customer's credit file from them: a refusal that says
// who can see it (the owner as a mention, which Slack draws as their name), and a line under a list
// that says how much was left out.

import { CreditFileRefusedError } from '../../../domain/errors.ts';
import { escapeText, plural } from './format.ts';
import type { KnownBlock } from './kit.ts';

export function refusalText(refusal: CreditFileRefusedError): string {
  const { owner } = refusal;
  const label = owner ? (owner.slackUserId ? `<@${owner.slackUserId}>` : escapeText(owner.name)) : null;
  return CreditFileRefusedError.sentence(escapeText(refusal.companyName), label);
}

export function refusalBlocks(refusal: CreditFileRefusedError): KnownBlock[] {
  return [{ type: 'section', text: { type: 'mrkdwn', text: `:lock: ${refusalText(refusal)}` } }];
}

/** A context line under a list, e.g. "Not shown: 2 customers with overdue invoices — …"; none for 0. */
export function hiddenNote(count: number | undefined, what: string, suffix = ''): KnownBlock[] {
  if (!count) return [];
  const text = `Not shown: ${plural(count, what)}${suffix} — only their owners, the credit team and approvers can see those customers.`;
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }];
}
