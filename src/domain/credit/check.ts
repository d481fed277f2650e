// The credit check of a deal: does the policy want it checked, and if so does it fit. A hold names its
// reason; an approved deal is not held again unless its amount has grown past what was approved.

import type { CreditPolicy } from '../policy/schema.ts';
import type { RiskLevel } from './scoring.ts';

export type CheckReason =
  | 'blocked'
  | 'exit_strategy'
  | 'review_risk_level'
  | 'over_available'
  | 'within_available'
  | 'previously_approved'
  | 'no_exchange_rate';

export interface DealCheckInput {
  stage: string | null;
  pipeline: string | null;
  creditStatus: string;
  /** The deal amount in the limit's currency; null when no exchange rate converts it. */
  amountMinor: bigint | null;
  approvedAmountMinor: bigint | null;
  profile: {
    blocked: boolean;
    strategy: 'accept' | 'monitor' | 'exit';
    riskLevel: RiskLevel;
    limitMinor: bigint;
    /** Available credit before this deal counts (its own committed weight added back). */
    availableMinor: bigint;
  };
}

export type DealCheckResult =
  | { applies: false; why: 'stage_not_checked' | 'pipeline_not_checked' }
  | { applies: true; status: 'ok' | 'hold' | 'approved'; reason: CheckReason; allowanceMinor: bigint };

/** Whether the policy asks for a check of a deal in this stage and pipeline. */
export function checkApplies(
  rules: CreditPolicy['creditCheck'],
  deal: { stage: string | null; pipeline: string | null },
): { applies: true } | { applies: false; why: 'stage_not_checked' | 'pipeline_not_checked' } {
  if (!deal.stage || !rules.stages.includes(deal.stage)) return { applies: false, why: 'stage_not_checked' };
  if (rules.pipelines.length > 0 && !(deal.pipeline && rules.pipelines.includes(deal.pipeline))) {
    return { applies: false, why: 'pipeline_not_checked' };
  }
  return { applies: true };
}

/**
 * Decides a deal. The tolerance is a share of the credit limit: a deal may exceed the available credit
 * by up to limit × toleranceBps / 10 000 before it is held.
 */
export function checkDeal(input: DealCheckInput, rules: CreditPolicy['creditCheck']): DealCheckResult {
  const scope = checkApplies(rules, input);
  if (!scope.applies) return scope;
  const { profile } = input;
  const allowanceMinor = profile.availableMinor + (profile.limitMinor * BigInt(rules.toleranceBps)) / 10_000n;
  const decided = (status: 'ok' | 'hold' | 'approved', reason: CheckReason): DealCheckResult => ({
    applies: true,
    status,
    reason,
    allowanceMinor,
  });
  // Without a rate the deal cannot be compared with the limit: a person decides.
  if (input.amountMinor === null) return decided('hold', 'no_exchange_rate');
  if (
    input.creditStatus === 'approved' &&
    input.approvedAmountMinor !== null &&
    input.amountMinor <= input.approvedAmountMinor
  ) {
    return decided('approved', 'previously_approved');
  }
  if (profile.blocked) return decided('hold', 'blocked');
  if (profile.strategy === 'exit') return decided('hold', 'exit_strategy');
  if (rules.reviewRiskLevels.includes(profile.riskLevel)) return decided('hold', 'review_risk_level');
  if (input.amountMinor > allowanceMinor) return decided('hold', 'over_available');
  return decided('ok', 'within_available');
}
