// The one way a credit limit changes. An admin's own decision (PUT /companies/{id}/credit-limit) is
// applied as given and audited as a manual decision. A request (a credit application, an account
// manager's limit-increase request from Slack) is judged by the policy: `acceptance` for a new customer
// on its application's score, `limitChanges` for an existing one on the score of its own history. What
// the rule approves is applied; anything else becomes a pending approval request. Each outcome is audited.

import { and, eq, inArray } from 'drizzle-orm';
import { approvalRequests, companies } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { RatesUsed } from '../../domain/credit/fx.ts';
import type { LimitRule } from '../../domain/credit/limit-rules.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import type { CurrentCredit } from './assess-one.ts';
import { fileLimitApproval } from './limit-approval.ts';
import { judgeLimitRequest, type LimitChangeRequest } from './limit-judge.ts';
import { type StoredProfile, writeApprovedLimit } from './limit-write.ts';

/** The approval kinds that ask for a limit: at most one of them waits per customer. */
const LIMIT_KINDS = ['limit_increase', 'new_customer'] as const;

/** An administrator's own decision: applied as given. */
export interface ManualLimitChange {
  mode: 'manual';
  companyId: string;
  limitMinor: bigint;
  currency?: string | undefined;
  termsDays?: number | undefined;
  blocked?: boolean | undefined;
  reason: string;
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
  const judged = await judgeLimitRequest(tx, ctx, change, policy);
  const { judgement, current, score, riskLevel } = judged;
  const base = {
    customer: current.existing ? ('existing' as const) : ('new' as const),
    rule: judgement.rule,
    why: judgement.why,
    currency: judged.currency,
    current: current.existing ? current : null,
    fxRatesUsed: judged.rates,
  };
  if (judgement.autoApprove) {
    const profile = await writeApprovedLimit(
      tx,
      ctx,
      policy.policy,
      company.id,
      { ...change, currency: judged.currency },
      { by: 'policy', rule: judgement.rule, why: judgement.why, origin: change.origin, score, riskLevel },
    );
    return { ...base, outcome: 'applied', profile, approvalRequestId: null };
  }
  const approvalRequestId = await fileLimitApproval(tx, ctx, company, change, judged);
  return { ...base, outcome: 'pending_approval', profile: null, approvalRequestId };
}
