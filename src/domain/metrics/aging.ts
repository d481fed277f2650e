// Receivables aging by due date: current (not yet due), 1–30, 31–60, 61–90 and over 90 days past due.

import { daysBetween } from '../../lib/dates.ts';

export const AGING_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type Aging = Record<AgingBucket, bigint>;

/** The bucket of an invoice due on `dueOn`, as of `asOf`. An invoice due today is current. */
export function agingBucket(dueOn: string, asOf: string): AgingBucket {
  const pastDue = daysBetween(dueOn, asOf);
  if (pastDue <= 0) return 'current';
  if (pastDue <= 30) return 'd1_30';
  if (pastDue <= 60) return 'd31_60';
  if (pastDue <= 90) return 'd61_90';
  return 'd90_plus';
}

/**
 * Sums open balances into the standard buckets (the accounts receivable aging schedule, e.g.
 * Corporate Finance Institute, "Accounts Receivable Aging").
 */
export function ageReceivables(
  open: readonly { dueOn: string; balanceMinor: bigint }[],
  asOf: string,
): Aging {
  const aging: Aging = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d90_plus: 0n };
  for (const invoice of open) aging[agingBucket(invoice.dueOn, asOf)] += invoice.balanceMinor;
  return aging;
}
