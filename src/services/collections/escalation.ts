// What an escalation does, from the ladder or from the Escalate button: the credit team's channel hears
// about it, and the owner gets a HubSpot task carrying a reminder draft to send the customer.

import type { Queryable } from '../../db/types.ts';
import { reminderDraft } from '../../domain/dunning/reminder-draft.ts';
import { formatMoney } from '../../domain/money.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { addDays } from '../../lib/dates.ts';
import { hubspotTaskMessage, slackPostMessage } from '../outbox/effects.ts';
import { enqueueBatch, type OutboxMessage } from '../outbox/enqueue.ts';

export interface EscalatedInvoice {
  id: string;
  number: string;
  balanceMinor: bigint;
  currency: string;
  dueOn: string;
  daysLate: number;
}

export interface Escalation {
  company: { id: string; name: string; ownerId: string | null };
  termsDays: number;
  invoices: readonly EscalatedInvoice[];
  /** Why: the stage label, or "escalated by <@U…>". */
  reason: string;
  /** Makes the task once per escalation even if the scan or the click is repeated. */
  dedupeKey: string;
  today: string;
}

export async function queueEscalation(
  tx: Queryable,
  now: Date,
  policy: CreditPolicy,
  escalation: Escalation,
) {
  await enqueueBatch(tx, now, escalationMessages(policy, escalation));
}

/** The outbox rows of one escalation: the owner's HubSpot task, and the credit channel's message. */
export function escalationMessages(policy: CreditPolicy, escalation: Escalation): OutboxMessage[] {
  const { company, invoices } = escalation;
  const draft = reminderDraft({
    customer: company.name,
    termsDays: escalation.termsDays,
    invoices: invoices.map((invoice) => ({ ...invoice })),
    earlyPaymentDiscount: policy.dunning.earlyPaymentDiscount,
  });
  const messages: OutboxMessage[] = [
    hubspotTaskMessage(
      {
        ownerId: company.ownerId,
        companyId: company.id,
        subject: `Payment reminder: ${company.name} (${escalation.reason})`,
        body: draft,
        dueAt: `${addDays(escalation.today, 1)}T09:00:00.000Z`,
      },
      `task:${escalation.dedupeKey}`,
    ),
  ];
  const channel = policy.dunning.creditChannel;
  if (!channel) return messages;
  const list = invoices
    .map(
      (invoice) =>
        `• ${invoice.number}: ${formatMoney({ minor: invoice.balanceMinor, currency: invoice.currency })}, ${invoice.daysLate} days late`,
    )
    .join('\n');
  messages.push(
    slackPostMessage(
      { channel, text: `:rotating_light: Escalation — ${company.name} (${escalation.reason})\n${list}` },
      `slack:${escalation.dedupeKey}`,
    ),
  );
  return messages;
}
