// Collection effectiveness index and bad-debt ratio for a period.

/**
 * CEI = (beginning receivables + credit sales − ending total receivables)
 *     / (beginning receivables + credit sales − ending current receivables) × 100.
 * What was collected, as a share of what could have been collected. Source: Credit Research
 * Foundation; worked examples: beginning 6,200, sales 10,890, ending total 6,340, ending current 3,590
 * → 79.63% (WizEdu, "collection effectiveness index of the company"); Gaviti, "What is Collection
 * Effectiveness Index": 100,000 + 1,000,000 − 120,000 over 100,000 + 1,000,000 − 100,000 → 98%.
 */
export function collectionEffectivenessIndex(input: {
  beginningReceivablesMinor: bigint;
  creditSalesMinor: bigint;
  endingTotalReceivablesMinor: bigint;
  endingCurrentReceivablesMinor: bigint;
}): number | null {
  const available = input.beginningReceivablesMinor + input.creditSalesMinor;
  const collectible = available - input.endingCurrentReceivablesMinor;
  if (collectible <= 0n) return null;
  const collected = available - input.endingTotalReceivablesMinor;
  return Math.round((Number(collected) / Number(collectible)) * 10_000) / 100;
}

/**
 * Bad-debt ratio = amounts written off in the period / credit sales in the period × 100 (the
 * "bad debt to sales" ratio, e.g. Corporate Finance Institute, "Bad Debt Expense"; $5,000 written off
 * on $250,000 of credit sales → 2%).
 */
export function badDebtRatio(writtenOffMinor: bigint, creditSalesMinor: bigint): number | null {
  if (creditSalesMinor <= 0n) return null;
  return Math.round((Number(writtenOffMinor) / Number(creditSalesMinor)) * 10_000) / 100;
}
