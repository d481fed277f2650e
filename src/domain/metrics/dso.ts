// Days sales outstanding, three ways, and average days delinquent. Results are days (plain numbers,
// rounded to 2 places); inputs are exact minor units of one currency.

const round2 = (value: number) => Math.round(value * 100) / 100;
const ratio = (part: bigint, whole: bigint) => Number(part) / Number(whole);

/**
 * Standard DSO = ending receivables / credit sales in the period × days in the period.
 * Source: Credit Research Foundation, "Standard DSO"; worked example (AR $150,000, annual sales
 * $1,800,000, 365 days → 30.4 days) in Mesha, "The 2 DSO Calculation Formulas: Simple vs Countback".
 */
export function standardDso(receivablesMinor: bigint, creditSalesMinor: bigint, days: number): number | null {
  if (creditSalesMinor <= 0n) return null;
  return round2(ratio(receivablesMinor, creditSalesMinor) * days);
}

export interface MonthSales {
  salesMinor: bigint;
  /** Calendar days in the month (28–31). */
  days: number;
}

/**
 * Countback DSO: start from ending receivables and take away each month's credit sales, latest month
 * first, adding that month's days, until what is left is smaller than a month's sales; that month adds
 * (left / its sales) × its days. If the months run out first, their days are all counted.
 * Source: Credit Research Foundation countback method; worked examples: Benji Pays, "Mastering DSO
 * Calculation: The Count-Back Method Explained" (AR $212,000; sales 100k, 80k, 70k in 30-day months →
 * 73.71 days) and "Debtor days calculation: count back method" (AR 2.1M; 900k/31, 800k/28, 700k/31 →
 * 76.71 days).
 * @param months most recent first
 */
export function countbackDso(receivablesMinor: bigint, months: readonly MonthSales[]): number | null {
  if (months.length === 0) return null;
  let left = receivablesMinor;
  let days = 0;
  for (const month of months) {
    if (left <= 0n) break;
    if (month.salesMinor > 0n && left <= month.salesMinor) {
      days += ratio(left, month.salesMinor) * month.days;
      left = 0n;
      break;
    }
    days += month.days;
    left -= month.salesMinor;
  }
  return round2(days);
}

/**
 * Best possible DSO = current (not yet due) receivables / credit sales × days in the period: the DSO
 * if every customer paid on the due date. Source: Credit Research Foundation; Money-Zine, "Best
 * Possible DSO".
 */
export function bestPossibleDso(
  currentReceivablesMinor: bigint,
  creditSalesMinor: bigint,
  days: number,
): number | null {
  return standardDso(currentReceivablesMinor, creditSalesMinor, days);
}

/**
 * Average days delinquent = DSO − best possible DSO. Source: Credit Research Foundation; worked example
 * (DSO 7, BPDSO 3 → ADD 4) in Calculator At Oz, "Average Days Delinquent Calculator".
 */
export function averageDaysDelinquent(dso: number | null, bestPossible: number | null): number | null {
  if (dso === null || bestPossible === null) return null;
  return round2(dso - bestPossible);
}
