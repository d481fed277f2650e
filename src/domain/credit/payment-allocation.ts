// Applies payments to their invoices' open balances, in order, never below zero. What a payment brings
// beyond its invoice's balance is refused, or kept as unapplied cash on the customer's account, as the
// policy says; an excess within the tolerance is kept either way. A payment without an invoice is
// unapplied cash in full. Pure: the imports read the balances and write the result.

import { formatMoney } from '../money.ts';

export interface OpenInvoice {
  id: string;
  /** How people know it: its number, else its external id. */
  label: string;
  currency: string;
  balanceMinor: bigint;
}

/** A stored payment this batch replaces (same source and external id): its application is undone first. */
export interface ReplacedPayment {
  invoiceId: string | null;
  amountMinor: bigint;
  unappliedMinor: bigint;
}

export interface IncomingPayment {
  /** The row's position in the batch, for naming it in a refusal. */
  index: number;
  invoiceId: string | null;
  currency: string;
  amountMinor: bigint;
}

export interface OverpaymentRule {
  overpayment: 'refuse' | 'unapplied_cash';
  /** The excess accepted as unapplied cash even under 'refuse', in the payment's currency. */
  toleranceMinor: (currency: string) => bigint;
}

export interface Allocation {
  payments: { index: number; appliedMinor: bigint; unappliedMinor: bigint }[];
  /** Every invoice's balance after the batch (those it touched and those it did not). */
  balances: Map<string, bigint>;
  refused: { index: number; message: string }[];
}

export function allocatePayments(
  invoices: readonly OpenInvoice[],
  replaced: readonly ReplacedPayment[],
  incoming: readonly IncomingPayment[],
  rule: OverpaymentRule,
): Allocation {
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  const balances = new Map(invoices.map((invoice) => [invoice.id, invoice.balanceMinor]));
  for (const old of replaced) {
    if (!old.invoiceId) continue;
    const balance = balances.get(old.invoiceId);
    if (balance !== undefined) balances.set(old.invoiceId, balance + old.amountMinor - old.unappliedMinor);
  }
  const allocation: Allocation = { payments: [], balances, refused: [] };
  for (const payment of incoming) {
    const invoice = payment.invoiceId ? byId.get(payment.invoiceId) : undefined;
    if (!invoice) {
      allocation.payments.push({
        index: payment.index,
        appliedMinor: 0n,
        unappliedMinor: payment.amountMinor,
      });
      continue;
    }
    const balance = balances.get(invoice.id) ?? 0n;
    const open = balance > 0n ? balance : 0n;
    const applied = smaller(payment.amountMinor, open);
    const excess = payment.amountMinor - applied;
    if (excess > rule.toleranceMinor(payment.currency) && rule.overpayment === 'refuse') {
      const money = (minor: bigint) => formatMoney({ minor, currency: payment.currency });
      allocation.refused.push({
        index: payment.index,
        message: `invoice ${invoice.label} has an open balance of ${money(open)}; a payment of ${money(payment.amountMinor)} is ${money(excess)} more`,
      });
      continue;
    }
    balances.set(invoice.id, balance - applied);
    allocation.payments.push({ index: payment.index, appliedMinor: applied, unappliedMinor: excess });
  }
  return allocation;
}

/**
 * An invoice whose amount drops below what its payments already pay: the excess leaves its payments,
 * latest first, as unapplied cash. `payments` come latest first; returns how much each gives back.
 */
export function releaseExcess(
  payments: readonly { id: string; appliedMinor: bigint }[],
  excessMinor: bigint,
): { id: string; releasedMinor: bigint }[] {
  let left = excessMinor;
  const released: { id: string; releasedMinor: bigint }[] = [];
  for (const payment of payments) {
    if (left <= 0n) break;
    const take = smaller(payment.appliedMinor, left);
    if (take > 0n) released.push({ id: payment.id, releasedMinor: take });
    left -= take;
  }
  return released;
}

/** The smaller of two amounts (Math.min does not take bigint). */
function smaller(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}
