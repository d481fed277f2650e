// A 12-week cash-collection forecast: each open invoice is expected on its due date plus its customer's
// own amount-weighted average days beyond terms (the "average days to pay" projection, e.g. Gaviti,
// "Cash Flow Forecasting Techniques"); anything expected before today is expected this week.

import { addDays, daysBetween } from '../../lib/dates.ts';

export interface ForecastInvoice {
  companyId: string;
  dueOn: string;
  balanceMinor: bigint;
}

export interface ForecastWeek {
  week: number;
  from: string;
  to: string;
  expectedMinor: bigint;
}

export function forecastCollections(
  open: readonly ForecastInvoice[],
  avgDaysLate: ReadonlyMap<string, number>,
  asOf: string,
  weeks = 12,
): { weeks: ForecastWeek[]; laterMinor: bigint } {
  const result: ForecastWeek[] = Array.from({ length: weeks }, (_, week) => ({
    week: week + 1,
    from: addDays(asOf, week * 7),
    to: addDays(asOf, week * 7 + 6),
    expectedMinor: 0n,
  }));
  let laterMinor = 0n;
  for (const invoice of open) {
    const delay = Math.max(0, Math.round(avgDaysLate.get(invoice.companyId) ?? 0));
    const expected = addDays(invoice.dueOn, delay);
    const index = Math.max(0, Math.floor(daysBetween(asOf, expected) / 7));
    const slot = result[index];
    if (slot) slot.expectedMinor += invoice.balanceMinor;
    else laterMinor += invoice.balanceMinor;
  }
  return { weeks: result, laterMinor };
}
