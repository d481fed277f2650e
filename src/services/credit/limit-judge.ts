// Judges a request for a limit against the policy: a new customer (no profile, no invoices) by
// `acceptance` on its application's score, an existing one by `limitChanges` on the normal assessment
// of its own history. Amounts are compared in the base currency; the rates used are returned.

import type { Queryable } from '../../db/types.ts';
import { convertMinor, type RatesUsed } from '../../domain/credit/fx.ts';
import {
  judgeExistingCustomer,
  judgeNewCustomer,
  type LimitJudgement,
} from '../../domain/credit/limit-rules.ts';
import type { RiskLevel } from '../../domain/credit/scoring.ts';
import type { ServiceContext } from '../context.ts';
import type { PolicyInForce } from '../policy/current.ts';
import { assessCurrentCredit, type CurrentCredit } from './assess-one.ts';

export interface LimitChangeRequest {
  mode: 'request';
  companyId: string;
  limitMinor: bigint;
  /** Default: the current limit's currency (the base currency for a customer without one). */
  currency?: string | undefined;
  termsDays?: number | undefined;
  reason: string;
  origin: 'credit_application' | 'slack_request';
  requestedBy: string;
  /** A new customer's score from its application (references, statements): it has no history yet. */
  applicant?: { score: number; riskLevel: RiskLevel; strategy: 'accept' | 'monitor' | 'exit' };
  /** Kept with an approval request for the approver (references, statements…). */
  context?: Record<string, unknown>;
}

export interface JudgedRequest {
  judgement: LimitJudgement;
  current: CurrentCredit;
  currency: string;
  requestedBaseMinor: bigint;
  rates: RatesUsed;
  /** The score and risk level judged on: the customer's own history, or the application's. */
  score: number | null;
  riskLevel: RiskLevel | null;
}

export async function judgeLimitRequest(
  tx: Queryable,
  ctx: ServiceContext,
  change: LimitChangeRequest,
  policy: PolicyInForce,
): Promise<JudgedRequest> {
  const current = await assessCurrentCredit(tx, ctx, change.companyId, policy);
  const currency = change.currency ?? current.limit.currency;
  const { fx } = policy;
  const rates: RatesUsed = {};
  const toBase = (minor: bigint, from: string) =>
    convertMinor(minor, from, policy.policy.baseCurrency, fx, rates);
  const requestedBaseMinor = toBase(change.limitMinor, currency);
  const { assessment } = current;
  const judged = { current, currency, requestedBaseMinor, rates };
  if (current.existing) {
    const judgement = judgeExistingCustomer(
      {
        currentBaseMinor: toBase(current.limit.minor, current.limit.currency),
        requestedBaseMinor,
        exposureBaseMinor: toBase(assessment.exposure.exposureMinor, current.limit.currency),
        currentTermsDays: current.termsDays,
        requestedTermsDays: change.termsDays ?? current.termsDays,
        riskLevel: assessment.riskLevel,
        strategy: assessment.strategy,
        blocked: current.blocked,
      },
      policy.policy,
    );
    return { ...judged, judgement, score: assessment.score.score, riskLevel: assessment.riskLevel };
  }
  if (!change.applicant) {
    const judgement: LimitJudgement = {
      autoApprove: false,
      rule: 'acceptance.needs_approval',
      why: 'a new customer without a credit application to score',
    };
    return { ...judged, judgement, score: null, riskLevel: null };
  }
  const judgement = judgeNewCustomer({ requestedBaseMinor, ...change.applicant }, policy.policy);
  return { ...judged, judgement, score: change.applicant.score, riskLevel: change.applicant.riskLevel };
}
