// The reminder an account manager sends the customer at an escalation stage, drafted for them so the
// message stays personal: the invoices, amounts, days late, the terms and any early-payment discount.

import { formatMoney } from '../money.ts';

export interface DraftInvoice {
  number: string;
  balanceMinor: bigint;
  currency: string;
  dueOn: string;
  daysLate: number;
}

export interface DraftInput {
  customer: string;
  termsDays: number;
  invoices: readonly DraftInvoice[];
  earlyPaymentDiscount: { bps: number; withinDays: number } | null;
}

export function reminderDraft(input: DraftInput): string {
  const lines = input.invoices.map(
    (invoice) =>
      `• Invoice ${invoice.number}: ${formatMoney({ minor: invoice.balanceMinor, currency: invoice.currency })}, ` +
      `due ${invoice.dueOn} (${invoice.daysLate} ${invoice.daysLate === 1 ? 'day' : 'days'} late)`,
  );
  const discount = input.earlyPaymentDiscount;
  const percent = discount
    ? `${Math.floor(discount.bps / 100)}.${String(discount.bps % 100).padStart(2, '0')}`
    : '';
  return [
    `Hello ${input.customer} team,`,
    '',
    `According to our records the following ${input.invoices.length === 1 ? 'invoice is' : 'invoices are'} past due under our ${input.termsDays}-day payment terms:`,
    ...lines,
    '',
    discount
      ? `If you settle within ${discount.withinDays} days, we can apply a ${percent.replace(/\.00$/, '')}% early-payment discount.`
      : undefined,
    'Could you let me know when we can expect payment, or whether anything is holding it up?',
    '',
    'Thank you,',
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
