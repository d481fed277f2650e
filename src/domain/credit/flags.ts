// Risk flags: which ones a company's current facts call for, and how they differ from those raised.
// A flag stays raised (with the facts that raised it) until its condition no longer holds.

import type { CreditPolicy, FlagCode } from '../policy/schema.ts';
import type { AltmanZone } from './altman.ts';

export type FlagSeverity = 'info' | 'warning' | 'critical';

export interface FlagFacts {
  limitMinor: bigint;
  limitCurrency: string;
  limitSource: 'policy_default' | 'approved';
  exposureMinor: bigint;
  overdueMinor: bigint;
  maxDaysOverdue: number;
  brokenPromises: number;
  thisQuarterAvgDays: number | null;
  lastQuarterAvgDays: number | null;
  openDisputes: number;
  nextReviewOn: string | null;
  asOf: string;
  accountAgeDays: number | null;
  /** This company's open receivables and the whole portfolio's, both in the base currency. */
  receivablesBaseMinor: bigint;
  portfolioReceivablesBaseMinor: bigint;
  altmanZone: AltmanZone | null;
}

export interface DesiredFlag {
  code: FlagCode;
  severity: FlagSeverity;
  facts: Record<string, string | number | null>;
}

export function evaluateFlags(facts: FlagFacts, policy: CreditPolicy): DesiredFlag[] {
  const rules = policy.flags;
  const flags: DesiredFlag[] = [];
  const raise = (code: FlagCode, severity: FlagSeverity, data: DesiredFlag['facts']) =>
    flags.push({ code, severity, facts: data });
  const money = {
    exposureMinor: facts.exposureMinor.toString(),
    limitMinor: facts.limitMinor.toString(),
    currency: facts.limitCurrency,
  };
  const nearLine = (facts.limitMinor * BigInt(rules.nearLimitBps)) / 10_000n;
  if (facts.exposureMinor > facts.limitMinor) raise('OVER_LIMIT', 'critical', money);
  else if (facts.limitMinor > 0n && facts.exposureMinor >= nearLine) {
    raise('NEAR_LIMIT', 'warning', { ...money, nearLimitBps: rules.nearLimitBps });
  }
  if (facts.overdueMinor > 0n) {
    raise('OVERDUE', 'warning', {
      overdueMinor: facts.overdueMinor.toString(),
      currency: facts.limitCurrency,
      maxDaysOverdue: facts.maxDaysOverdue,
    });
  }
  if (facts.maxDaysOverdue >= rules.severelyOverdueDays) {
    raise('SEVERELY_OVERDUE', 'critical', {
      maxDaysOverdue: facts.maxDaysOverdue,
      severelyOverdueDays: rules.severelyOverdueDays,
    });
  }
  if (facts.brokenPromises > 0) {
    raise('BROKEN_PROMISE', 'warning', {
      brokenPromises: facts.brokenPromises,
      withinDays: rules.brokenPromiseDays,
    });
  }
  if (facts.thisQuarterAvgDays !== null && facts.lastQuarterAvgDays !== null) {
    const rise = facts.thisQuarterAvgDays - facts.lastQuarterAvgDays;
    if (rise >= rules.worseningTrendDays) {
      raise('WORSENING_TREND', 'warning', {
        thisQuarterAvgDays: Math.round(facts.thisQuarterAvgDays * 100) / 100,
        lastQuarterAvgDays: Math.round(facts.lastQuarterAvgDays * 100) / 100,
      });
    }
  }
  if (facts.openDisputes > 0) raise('DISPUTE_OPEN', 'info', { openDisputes: facts.openDisputes });
  if (facts.nextReviewOn !== null && facts.nextReviewOn < facts.asOf) {
    raise('REVIEW_OVERDUE', 'warning', { nextReviewOn: facts.nextReviewOn });
  }
  if (facts.limitSource === 'policy_default') raise('NO_CREDIT_LIMIT', 'info', money);
  if (facts.accountAgeDays === null || facts.accountAgeDays < rules.newCustomerDays) {
    raise('NEW_CUSTOMER', 'info', { accountAgeDays: facts.accountAgeDays });
  }
  if (facts.portfolioReceivablesBaseMinor > 0n && facts.receivablesBaseMinor > 0n) {
    const shareBps = Number((facts.receivablesBaseMinor * 10_000n) / facts.portfolioReceivablesBaseMinor);
    if (shareBps >= rules.concentrationBps) {
      raise('CONCENTRATION', 'warning', { shareBps, concentrationBps: rules.concentrationBps });
    }
  }
  if (facts.altmanZone === 'distress') raise('DISTRESS_ZONE', 'critical', { zone: 'distress' });
  return flags;
}

export interface FlagDiff {
  raise: DesiredFlag[];
  clear: string[];
}

/** Compares the flags a company should have with those currently raised (by code). */
export function diffFlags(active: readonly { code: string }[], desired: readonly DesiredFlag[]): FlagDiff {
  const activeCodes = new Set(active.map((flag) => flag.code));
  const desiredCodes = new Set<string>(desired.map((flag) => flag.code));
  return {
    raise: desired.filter((flag) => !activeCodes.has(flag.code)),
    clear: [...activeCodes].filter((code) => !desiredCodes.has(code)),
  };
}
