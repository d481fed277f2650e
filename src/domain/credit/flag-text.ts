// The sentence a person reads when a flag is announced (Slack) — from the same facts that raised it.

import { formatMoney } from '../money.ts';
import type { FlagCode } from '../policy/schema.ts';
import type { DesiredFlag } from './flags.ts';

const amount = (minor: unknown, currency: unknown) =>
  typeof minor === 'string' && typeof currency === 'string'
    ? formatMoney({ minor: BigInt(minor), currency })
    : '?';

/** Basis points as a percentage with two decimals, in integers (2345 → 23.45%). */
const percent = (bps: unknown) =>
  typeof bps === 'number' ? `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}%` : '?';

export function describeFlag(companyName: string, flag: Pick<DesiredFlag, 'code' | 'facts'>): string {
  const f = flag.facts;
  const detail: Record<FlagCode, string> = {
    OVER_LIMIT: `exposure ${amount(f.exposureMinor, f.currency)} is over the limit of ${amount(f.limitMinor, f.currency)}`,
    NEAR_LIMIT: `exposure ${amount(f.exposureMinor, f.currency)} is near the limit of ${amount(f.limitMinor, f.currency)}`,
    OVERDUE: `${amount(f.overdueMinor, f.currency)} overdue, oldest ${f.maxDaysOverdue} days`,
    SEVERELY_OVERDUE: `an invoice is ${f.maxDaysOverdue} days overdue`,
    BROKEN_PROMISE: `${f.brokenPromises} promise(s) to pay broken in the last ${f.withinDays} days`,
    WORSENING_TREND: `average days late rose from ${f.lastQuarterAvgDays} to ${f.thisQuarterAvgDays}`,
    DISPUTE_OPEN: `${f.openDisputes} open grievance(s)`,
    REVIEW_OVERDUE: `credit review was due on ${f.nextReviewOn}`,
    NO_CREDIT_LIMIT: `no approved limit; the policy default of ${amount(f.limitMinor, f.currency)} applies`,
    NEW_CUSTOMER: 'new customer',
    CONCENTRATION: `${percent(f.shareBps)} of all receivables`,
    DISTRESS_ZONE: 'latest financial statements score in the Altman distress zone',
    FX_RATE_MISSING: `no exchange rate for ${f.currencies}; left out of exposure and score: ${f.leftOut ?? 'nothing'}; of the portfolio totals: ${f.notInPortfolioTotals ?? 'nothing'}`,
    FX_RATE_STALE: `exchange rates for ${f.currencies} are older than ${f.maxRateAgeDays} days (oldest ${f.oldestRateOn})`,
  };
  return `:warning: ${companyName} — ${flag.code}: ${detail[flag.code]}`;
}

/** Up to this many flags raised at once are announced one message each; more become one digest. */
export const ANNOUNCE_SEPARATELY_UP_TO = 5;
const DIGEST_NAMES = 10;

/**
 * One message for many flags raised together (a first rescore raises thousands): how many of each
 * code, and the first companies by name, instead of a flood of posts the channel cannot read.
 */
export function describeFlagDigest(raised: readonly { companyName: string; code: FlagCode }[]): string {
  const counts = new Map<FlagCode, number>();
  for (const { code } of raised) counts.set(code, (counts.get(code) ?? 0) + 1);
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const names = [...new Set(raised.map((flag) => flag.companyName))].sort((a, b) => a.localeCompare(b));
  const shown = names.slice(0, DIGEST_NAMES).join(', ');
  const more = names.length > DIGEST_NAMES ? ` and ${names.length - DIGEST_NAMES} more` : '';
  return `:warning: ${raised.length} risk flags raised: ${byCount.map(([code, n]) => `${n} ${code}`).join(', ')}. Companies: ${shown}${more}.`;
}
