// Whether the policy approves a requested credit limit on its own, and which rule decided. A new
// customer (no profile, no invoices) is judged by `acceptance` on its application's score; an existing
// customer by `limitChanges` on the score of its own history. Pure: amounts arrive in the base currency.

import { formatMoney } from '../money.ts';
import type { CreditPolicy } from '../policy/schema.ts';
import type { RiskLevel } from './scoring.ts';

export type LimitRule =
  | 'acceptance.auto_approve'
  | 'acceptance.needs_approval'
  | 'limit_changes.increase_within_auto_approval'
  | 'limit_changes.increase_needs_approval'
  | 'limit_changes.decrease_auto_approved'
  | 'limit_changes.decrease_needs_approval'
  | 'limit_changes.longer_terms_need_approval'
  | 'limit_changes.blocked_needs_approval'
  | 'limit_changes.exit_strategy_needs_approval';

export interface LimitJudgement {
  autoApprove: boolean;
  rule: LimitRule;
  /** One sentence for the audit row, the approver and the caller. */
  why: string;
}

export interface NewCustomerRequest {
  requestedBaseMinor: bigint;
  riskLevel: RiskLevel;
  strategy: 'accept' | 'monitor' | 'exit';
}

export interface ExistingCustomerRequest {
  currentBaseMinor: bigint;
  requestedBaseMinor: bigint;
  exposureBaseMinor: bigint;
  currentTermsDays: number;
  requestedTermsDays: number;
  riskLevel: RiskLevel;
  strategy: 'accept' | 'monitor' | 'exit';
  blocked: boolean;
}

export function judgeNewCustomer(request: NewCustomerRequest, policy: CreditPolicy): LimitJudgement {
  const amount = inBase(policy);
  const { autoApproveMaxMinor, autoApproveRiskLevels } = policy.acceptance;
  if (request.strategy === 'exit') {
    return needs('acceptance.needs_approval', `the ${request.riskLevel} risk level's strategy is exit`);
  }
  if (!autoApproveRiskLevels.includes(request.riskLevel)) {
    return needs('acceptance.needs_approval', `${request.riskLevel} risk is not auto-approved`);
  }
  if (request.requestedBaseMinor > autoApproveMaxMinor) {
    return needs(
      'acceptance.needs_approval',
      `${amount(request.requestedBaseMinor)} is above the ${amount(autoApproveMaxMinor)} auto-approved for new customers`,
    );
  }
  return {
    autoApprove: true,
    rule: 'acceptance.auto_approve',
    why: `new customer, ${request.riskLevel} risk, within ${amount(autoApproveMaxMinor)}`,
  };
}

export function judgeExistingCustomer(
  request: ExistingCustomerRequest,
  policy: CreditPolicy,
): LimitJudgement {
  const amount = inBase(policy);
  const rules = policy.limitChanges;
  if (request.blocked) {
    return needs('limit_changes.blocked_needs_approval', 'the account is blocked');
  }
  if (request.requestedTermsDays > request.currentTermsDays) {
    return needs(
      'limit_changes.longer_terms_need_approval',
      `${request.requestedTermsDays}-day terms are longer than the current ${request.currentTermsDays}`,
    );
  }
  if (request.requestedBaseMinor < request.currentBaseMinor) {
    // A lower limit lowers risk, but one below what the customer already owes puts it over its limit at
    // once (and holds its deals): that is a decision for a person.
    if (!rules.autoApproveDecreases) {
      return needs('limit_changes.decrease_needs_approval', 'the policy sends every decrease to approval');
    }
    if (request.requestedBaseMinor < request.exposureBaseMinor) {
      return needs(
        'limit_changes.decrease_needs_approval',
        `${amount(request.requestedBaseMinor)} is below the current exposure of ${amount(request.exposureBaseMinor)}`,
      );
    }
    return {
      autoApprove: true,
      rule: 'limit_changes.decrease_auto_approved',
      why: `a decrease that still covers the current exposure of ${amount(request.exposureBaseMinor)}`,
    };
  }
  if (request.strategy === 'exit') {
    return needs(
      'limit_changes.exit_strategy_needs_approval',
      `the ${request.riskLevel} risk level's strategy is exit`,
    );
  }
  if (!rules.autoApproveRiskLevels.includes(request.riskLevel)) {
    return needs(
      'limit_changes.increase_needs_approval',
      `increases at ${request.riskLevel} risk are not auto-approved`,
    );
  }
  const increase = request.requestedBaseMinor - request.currentBaseMinor;
  const byShare = maxIncreaseByShare(request.currentBaseMinor, rules.autoApproveIncreaseBps);
  if (increase > rules.autoApproveIncreaseUpToMinor || increase > byShare) {
    return needs(
      'limit_changes.increase_needs_approval',
      `an increase of ${amount(increase)} is above the ${amount(autoApprovableIncrease(request.currentBaseMinor, policy))} auto-approved (${amount(rules.autoApproveIncreaseUpToMinor)}, at most ${rules.autoApproveIncreaseBps / 100}% of the current limit)`,
    );
  }
  return {
    autoApprove: true,
    rule: 'limit_changes.increase_within_auto_approval',
    why: `an increase of ${amount(increase)} at ${request.riskLevel} risk, within the auto-approved ${amount(autoApprovableIncrease(request.currentBaseMinor, policy))}`,
  };
}

/** The largest increase on this limit the policy approves on its own (risk level permitting). */
export function autoApprovableIncrease(currentBaseMinor: bigint, policy: CreditPolicy): bigint {
  const { autoApproveIncreaseUpToMinor, autoApproveIncreaseBps } = policy.limitChanges;
  const byShare = maxIncreaseByShare(currentBaseMinor, autoApproveIncreaseBps);
  // bigint: Math.min does not take it.
  if (byShare < autoApproveIncreaseUpToMinor) return byShare;
  return autoApproveIncreaseUpToMinor;
}

/** Rounded down, so an increase at the edge never exceeds the share. */
function maxIncreaseByShare(currentBaseMinor: bigint, bps: number): bigint {
  if (currentBaseMinor <= 0n) return 0n;
  return (currentBaseMinor * BigInt(bps)) / 10_000n;
}

const inBase = (policy: CreditPolicy) => (minor: bigint) =>
  formatMoney({ minor, currency: policy.baseCurrency });

function needs(rule: LimitRule, why: string): LimitJudgement {
  return { autoApprove: false, rule, why };
}
