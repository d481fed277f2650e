// Files a limit request the policy did not approve as a pending approval request, with what it was
// judged on for the approver, and audits it. The limit stays as it is until someone decides.

import { approvalRequests } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { ConflictError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import type { JudgedRequest, LimitChangeRequest } from './limit-judge.ts';

export async function fileLimitApproval(
  tx: Queryable,
  ctx: ServiceContext,
  company: { id: string; name: string },
  change: LimitChangeRequest,
  judged: JudgedRequest,
): Promise<string> {
  const { judgement, current, score, riskLevel } = judged;
  const exposureMinor = current.assessment.exposure.exposureMinor;
  const [request] = await tx
    .insert(approvalRequests)
    .values({
      kind: current.existing ? 'limit_increase' : 'new_customer',
      companyId: company.id,
      amountMinor: change.limitMinor,
      currency: judged.currency,
      amountBaseMinor: judged.requestedBaseMinor,
      fxRate: judged.rates,
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
        exposureMinor: current.existing ? exposureMinor.toString() : null,
      },
      createdAt: ctx.now,
    })
    // One limit increase waits per customer (a unique index): a double-click that lost the race to
    // the check before this changes nothing.
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
          exposureMinor,
        }
      : null,
    after: {
      request,
      decision: {
        by: 'policy',
        rule: judgement.rule,
        why: judgement.why,
        origin: change.origin,
        score,
        riskLevel,
      },
    },
    reason: change.reason,
  });
  return request.id;
}
