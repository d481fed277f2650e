// The one way a credit limit changes. An admin's own decision (PUT /companies/{id}/credit-limit) is
// applied as given and audited as a manual decision. A request (a credit application, an account
// manager's limit-increase request from Slack) is judged by the policy: `acceptance` for a new customer
// on its application's score, `limitChanges` for an existing one on the score of its own history. What
// the rule approves is applied; anything else becomes a pending approval request. Each outcome is audited.

import { and, eq, inArray } from 'drizzle-orm';
import { approvalRequests, companies } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { policyFx } from '../../domain/credit/assess.ts';
import { convertMinor, type RatesUsed } from '../../domain/credit/fx.ts';
import {
  judgeExistingCustomer,
  judgeNewCustomer,
  type LimitJudgement,
  type LimitRule,
} from '../../domain/credit/limit-rules.ts';
import type { RiskLevel } from '../../domain/credit/scoring.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { assessCurrentCredit, type CurrentCredit } from './assess-one.ts';
import { type StoredProfile, writeApprovedLimit } from './limit-write.ts';

/** The approval kinds that ask for a limit: at most one of them waits per customer. */
const LIMIT_KINDS = ['limit_increase', 'new_customer'] as const;

interface LimitTarget {
  companyId: string;
  limitMinor: bigint;
  /** Default: the current limit's currency (the base currency for a customer without one). */
  currency?: string | undefined;
  termsDays?: number | undefined;
  reason: string;
}

export interface ManualLimitChange extends LimitTarget {
  mode: 'manual';
  blocked?: boolean | undefined;
}

export interface LimitChangeRequest extends LimitTarget {
  mode: 'request';
  origin: 'credit_application' | 'slack_request';
  requestedBy: string;
  /** A new customer's score from its application (references, statements): it has no history yet. */
  applicant?: { score: number; riskLevel: RiskLevel; strategy: 'accept' | 'monitor' | 'exit' };
  /** Kept with an approval request for the approver (references, suggested limit…). */
  context?: Record<string, unknown>;
}

interface OutcomeCommon {
  customer: 'new' | 'existing';
  rule: LimitRule | 'manual_decision';
  why: string;
  currency: string;
  /** The assessment a request was judged on (null for a manual decision and for a new customer). */
  current: CurrentCredit | null;
  fxRatesUsed: RatesUsed;
}
export interface AppliedLimit extends OutcomeCommon {
  outcome: 'applied';
  profile: StoredProfile;
  approvalRequestId: null;
}
export interface PendingLimit extends OutcomeCommon {
  outcome: 'pending_approval';
  profile: null;
  approvalRequestId: string;
}
export type LimitChangeOutcome = AppliedLimit | PendingLimit;

export async function changeCreditLimit(
  tx: Queryable,
  ctx: ServiceContext,
  change: ManualLimitChange,
): Promise<AppliedLimit>;
export async function changeCreditLimit(
  tx: Queryable,
  ctx: ServiceContext,
  change: LimitChangeRequest,
): Promise<LimitChangeOutcome>;
export async function changeCreditLimit(
  tx: Queryable,
  ctx: ServiceContext,
  change: ManualLimitChange | LimitChangeRequest,
): Promise<LimitChangeOutcome> {
  const [company] = await tx
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(eq(companies.id, change.companyId))
    .for('update');
  if (!company) throw new NotFoundError(`No company with id ${change.companyId}`);
  const policy = await currentPolicy(tx, ctx);
  if (change.mode === 'manual') {
    assertAdmin(ctx, 'set a credit limit');
    const why = 'set by an administrator';
    const profile = await writeApprovedLimit(tx, ctx, policy.policy, company.id, change, {
      by: 'manual',
      rule: 'manual_decision',
      why,
      origin: 'admin',
    });
    return {
      outcome: 'applied',
      customer: 'existing',
      rule: 'manual_decision',
      why,
      currency: profile.currency,
      current: null,
      fxRatesUsed: {},
      profile,
      approvalRequestId: null,
    };
  }

  // While one change waits for an approver, another would move the limit under their decision.
  const [waiting] = await tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.companyId, company.id),
        inArray(approvalRequests.kind, LIMIT_KINDS),
        eq(approvalRequests.status, 'pending'),
      ),
    )
    .limit(1);
  if (waiting) {
    throw new ConflictError(`A limit change for ${company.name} is already waiting for approval.`, {
      approvalRequestId: waiting.id,
    });
  }
  const current = await assessCurrentCredit(tx, ctx, company.id, policy);
  const currency = change.currency ?? current.limit.currency;
  const fx = policyFx(policy.policy);
  const rates: RatesUsed = {};
  const toBase = (minor: bigint, from: string) =>
    convertMinor(minor, from, policy.policy.baseCurrency, fx, rates);
  const requestedBaseMinor = toBase(change.limitMinor, currency);
  const { assessment } = current;
  let judgement: LimitJudgement;
  if (current.existing) {
    judgement = judgeExistingCustomer(
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
  } else if (change.applicant) {
    judgement = judgeNewCustomer({ requestedBaseMinor, ...change.applicant }, policy.policy);
  } else {
    judgement = {
      autoApprove: false,
      rule: 'acceptance.needs_approval',
      why: 'a new customer without a credit application to score',
    };
  }
  const score = current.existing ? assessment.score.score : (change.applicant?.score ?? null);
  const riskLevel = current.existing ? assessment.riskLevel : (change.applicant?.riskLevel ?? null);
  const decision = { by: 'policy' as const, rule: judgement.rule, why: judgement.why, origin: change.origin };
  const base = {
    customer: current.existing ? ('existing' as const) : ('new' as const),
    rule: judgement.rule,
    why: judgement.why,
    currency,
    current: current.existing ? current : null,
    fxRatesUsed: rates,
  };

  if (judgement.autoApprove) {
    const profile = await writeApprovedLimit(
      tx,
      ctx,
      policy.policy,
      company.id,
      { ...change, currency },
      { ...decision, score, riskLevel },
    );
    return { ...base, outcome: 'applied', profile, approvalRequestId: null };
  }

  const [request] = await tx
    .insert(approvalRequests)
    .values({
      kind: current.existing ? 'limit_increase' : 'new_customer',
      companyId: company.id,
      amountMinor: change.limitMinor,
      currency,
      amountBaseMinor: requestedBaseMinor,
      fxRate: rates,
      requestedBy: change.requestedBy,
      reason: change.reason,
      context: {
        ...change.context,
        origin: change.origin,
        rule: judgement.rule,
        why: judgement.why,
        score,
        riskLevel,
        termsDays: change.termsDays ?? current.termsDays,
        currentLimitMinor: current.existing ? current.limit.minor.toString() : null,
        currentLimitCurrency: current.existing ? current.limit.currency : null,
        exposureMinor: current.existing ? assessment.exposure.exposureMinor.toString() : null,
      },
      createdAt: ctx.now,
    })
    // One limit change waits per customer (a unique index): a second request, or a double-click that
    // lost the race, changes nothing.
    .onConflictDoNothing()
    .returning();
  if (!request)
    throw new ConflictError(`A limit change for ${company.name} is already waiting for approval.`);
  await recordAudit(tx, ctx, {
    action: 'approval.requested',
    entityType: 'approval_request',
    entityId: request.id,
    before: current.existing
      ? {
          limitMinor: current.limit.minor,
          currency: current.limit.currency,
          limitSource: current.limit.source,
          exposureMinor: assessment.exposure.exposureMinor,
        }
      : null,
    after: { request, decision: { ...decision, score, riskLevel } },
    reason: change.reason,
  });
  return { ...base, outcome: 'pending_approval', profile: null, approvalRequestId: request.id };
}
