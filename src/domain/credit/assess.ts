// One company's credit assessment from its facts: exposure, available credit, score with its
// explanation, risk level, strategy, next review date and the flags that should be raised. Pure: the
// services gather the facts (for one company or all of them, set-based) and the exchange rates of the
// day, and store the result. Amounts in a currency without a rate are left out of every figure and
// named (flag FX_RATE_MISSING), so one unconvertible currency never stops an assessment.

import { addDays, daysBetween } from '../../lib/dates.ts';
import { formatMoney } from '../money.ts';
import type { CreditPolicy } from '../policy/schema.ts';
import type { AltmanResult } from './altman.ts';
import { type CommittedDealAmount, computeExposure, type Exposure } from './exposure.ts';
import { type DesiredFlag, evaluateFlags } from './flags.ts';
import {
  canConvert,
  convertMinor,
  type FxTable,
  type LeftOut,
  type RatesUsed,
  staleRates,
  sumInCurrency,
} from './fx.ts';
import type { CurrencyFacts } from './invoice-facts.ts';
import { computeScore, type RiskLevel, riskLevelOf, type Score } from './scoring.ts';

export interface CompanyLimit {
  minor: bigint;
  currency: string;
  source: 'policy_default' | 'approved';
}

export interface CompanyCreditFacts {
  asOf: string;
  limit: CompanyLimit;
  previousNextReviewOn: string | null;
  invoices: readonly CurrencyFacts[];
  /** Committed deals not yet invoiced, by stage and currency. */
  deals: readonly CommittedDealAmount[];
  openDisputes: number;
  brokenPromises: number;
  altman: Pick<AltmanResult, 'variant' | 'z' | 'zone'> | null;
  externalRating: string | null;
  customerSince: string | null;
  portfolioReceivablesBaseMinor: bigint;
}

export interface Assessment {
  exposure: Exposure;
  score: Score;
  riskLevel: RiskLevel;
  strategy: 'accept' | 'monitor' | 'exit';
  nextReviewOn: string;
  flags: DesiredFlag[];
  receivablesBaseMinor: bigint;
  /** Every rate applied, with its date and source. */
  ratesUsed: RatesUsed;
  /** Open amounts left out for want of a rate, per currency (in that currency's minor units). */
  leftOut: LeftOut;
}

/** The limit a company without an approved one gets: its segment's default, or the general default. */
export function defaultLimitFor(policy: CreditPolicy, segment: string | null): CompanyLimit {
  // Own keys only: a segment named like an Object method ("valueOf") must not find one.
  const bySegment =
    segment && Object.hasOwn(policy.defaultLimits, segment) ? policy.defaultLimits[segment] : undefined;
  return {
    minor: bySegment ?? policy.defaultLimits.default,
    currency: policy.baseCurrency,
    source: 'policy_default',
  };
}

const average = (sum: number, count: number) => (count > 0 ? sum / count : null);

export function assessCompany(facts: CompanyCreditFacts, policy: CreditPolicy, fx: FxTable): Assessment {
  const currency = facts.limit.currency;
  const exposure = computeExposure({
    limitMinor: facts.limit.minor,
    limitCurrency: currency,
    openBalances: facts.invoices.map((row) => ({ currency: row.currency, minor: row.openMinor })),
    deals: facts.deals,
    committedStages: policy.exposure.committedStages,
    fx,
  });
  const used = exposure.ratesUsed;
  // Left-out amounts are already counted in exposure.leftOut; these sums skip the same currencies.
  const inLimit = (pick: (row: CurrencyFacts) => bigint) =>
    sumInCurrency(
      facts.invoices.map((row) => ({ currency: row.currency, minor: pick(row) })),
      currency,
      fx,
      used,
      {},
    );
  const overdueMinor = inLimit((row) => row.overdueMinor);
  const behaviourAmount = inLimit((row) => row.behaviourAmountMinor);
  const behaviourDays = inLimit((row) => row.behaviourAmountDays);
  const total = (pick: (row: CurrencyFacts) => number) =>
    facts.invoices.reduce((sum, row) => sum + pick(row), 0);
  const thisQuarterAvgDays = average(
    total((r) => r.thisQuarterDays),
    total((r) => r.thisQuarterCount),
  );
  const lastQuarterAvgDays = average(
    total((r) => r.lastQuarterDays),
    total((r) => r.lastQuarterCount),
  );
  const firstIssued = facts.invoices
    .map((row) => row.firstIssuedOn)
    .filter((day): day is string => day !== null)
    .sort()[0];
  const since = facts.customerSince ?? firstIssued ?? null;
  const accountAgeDays = since === null ? null : Math.max(0, daysBetween(since, facts.asOf));

  const score = computeScore(
    {
      avgDaysBeyondTerms: behaviourAmount > 0n ? Number(behaviourDays) / Number(behaviourAmount) : null,
      openMinor: exposure.openMinor,
      overdueMinor,
      exposureMinor: exposure.exposureMinor,
      limitMinor: facts.limit.minor,
      thisQuarterAvgDays,
      lastQuarterAvgDays,
      accountAgeDays,
      openDisputes: facts.openDisputes,
      brokenPromises: facts.brokenPromises,
      altman: facts.altman,
      externalRating: facts.externalRating,
    },
    policy,
  );
  const riskLevel = riskLevelOf(score.score, policy.score.thresholds);
  const dueByLevel = addDays(facts.asOf, policy.reviewIntervalDays[riskLevel] ?? 365);
  // A review date only moves earlier on its own (a worse risk level); a person's review moves it later.
  const nextReviewOn =
    facts.previousNextReviewOn && facts.previousNextReviewOn < dueByLevel
      ? facts.previousNextReviewOn
      : dueByLevel;
  const notInBase: LeftOut = {};
  const receivablesBaseMinor = receivablesInBase(facts.invoices, fx, notInBase);
  const flags = evaluateFlags(
    {
      limitMinor: facts.limit.minor,
      limitCurrency: currency,
      limitSource: facts.limit.source,
      exposureMinor: exposure.exposureMinor,
      overdueMinor,
      maxDaysOverdue: facts.invoices.reduce((max, row) => Math.max(max, row.maxDaysOverdue), 0),
      brokenPromises: facts.brokenPromises,
      thisQuarterAvgDays,
      lastQuarterAvgDays,
      openDisputes: facts.openDisputes,
      nextReviewOn: facts.previousNextReviewOn,
      asOf: facts.asOf,
      accountAgeDays,
      receivablesBaseMinor,
      portfolioReceivablesBaseMinor: facts.portfolioReceivablesBaseMinor,
      altmanZone: facts.altman?.zone ?? null,
    },
    policy,
  );
  flags.push(...fxFlags(exposure.leftOut, notInBase, used, facts.asOf, policy));
  return {
    exposure,
    score,
    riskLevel,
    strategy: policy.strategies[riskLevel] ?? 'accept',
    nextReviewOn,
    flags,
    receivablesBaseMinor,
    ratesUsed: used,
    leftOut: exposure.leftOut,
  };
}

/**
 * Open receivables in the base currency, each row converted on its own (the portfolio total passes one
 * row per company and currency, so it equals the sum of the companies' shares), leaving out (into
 * `leftOut`) currencies without a rate.
 */
export function receivablesInBase(
  rows: readonly Pick<CurrencyFacts, 'currency' | 'openMinor'>[],
  fx: FxTable,
  leftOut: LeftOut = {},
): bigint {
  let total = 0n;
  for (const row of rows) {
    if (canConvert(fx, row.currency, fx.base))
      total += convertMinor(row.openMinor, row.currency, fx.base, fx);
    else if (row.openMinor !== 0n) leftOut[row.currency] = (leftOut[row.currency] ?? 0n) + row.openMinor;
  }
  return total;
}

const listMoney = (amounts: LeftOut) =>
  Object.keys(amounts)
    .sort()
    .map((code) => formatMoney({ minor: amounts[code] ?? 0n, currency: code }))
    .join(', ');

/**
 * FX_RATE_MISSING when amounts could not be converted: into the limit's currency (left out of exposure
 * and score) or into the base currency (left out of the portfolio totals and concentration).
 * FX_RATE_STALE when a rate applied is older than the policy allows.
 */
function fxFlags(
  leftOut: LeftOut,
  notInBase: LeftOut,
  used: RatesUsed,
  asOf: string,
  policy: CreditPolicy,
): DesiredFlag[] {
  const flags: DesiredFlag[] = [];
  const missing = [...new Set([...Object.keys(leftOut), ...Object.keys(notInBase)])].sort();
  if (missing.length > 0) {
    flags.push({
      code: 'FX_RATE_MISSING',
      severity: 'warning',
      facts: {
        currencies: missing.join(', '),
        leftOut: listMoney(leftOut) || null,
        notInPortfolioTotals: listMoney(notInBase) || null,
      },
    });
  }
  const stale = staleRates(used, asOf, policy.fx.maxRateAgeDays);
  if (stale.length > 0) {
    flags.push({
      code: 'FX_RATE_STALE',
      severity: 'warning',
      facts: {
        currencies: stale.map((rate) => rate.currency).join(', '),
        oldestRateOn: stale.map((rate) => rate.on).sort()[0] ?? null,
        maxRateAgeDays: policy.fx.maxRateAgeDays,
      },
    });
  }
  return flags;
}
