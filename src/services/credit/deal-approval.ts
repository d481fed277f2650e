// Opens the pending 'deal_credit' approval request of a held deal: one per deal (a partial unique index),
// so re-checks return the request already open; a later check that passes cancels it. Routing it to
// approvers belongs to the approvals flow.

import { and, eq } from 'drizzle-orm';
import { approvalRequests, type deals } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { CheckReason } from '../../domain/credit/check.ts';
import type { RatesUsed } from '../../domain/credit/fx.ts';
import { recordAudit } from '../audit.ts';
import { actorLabel, type ServiceContext } from '../context.ts';

export async function openDealApproval(
  tx: Queryable,
  ctx: ServiceContext,
  deal: typeof deals.$inferSelect,
  companyId: string,
  amount: bigint,
  currency: string,
  reason: CheckReason,
  extra: { amountBaseMinor: bigint | null; rates: RatesUsed; note: string },
): Promise<string | null> {
  const [created] = await tx
    .insert(approvalRequests)
    .values({
      kind: 'deal_credit',
      companyId,
      dealId: deal.id,
      amountMinor: amount,
      currency,
      amountBaseMinor: extra.amountBaseMinor,
      fxRate: extra.rates,
      requestedBy: actorLabel(ctx.actor),
      reason: extra.note,
      context: { reason, stage: deal.stage, pipeline: deal.pipeline },
      createdAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning({ id: approvalRequests.id });
  if (created) return created.id;
  const [pending] = await tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.dealId, deal.id),
        eq(approvalRequests.kind, 'deal_credit'),
        eq(approvalRequests.status, 'pending'),
      ),
    );
  return pending?.id ?? null;
}

/** Cancels the deal's pending credit approval request, if it has one, with an audit row. */
export async function cancelDealApproval(tx: Queryable, ctx: ServiceContext, dealId: string, note: string) {
  const cancelled = await tx
    .update(approvalRequests)
    .set({ status: 'cancelled', decidedAt: ctx.now })
    .where(
      and(
        eq(approvalRequests.dealId, dealId),
        eq(approvalRequests.kind, 'deal_credit'),
        eq(approvalRequests.status, 'pending'),
      ),
    )
    .returning({ id: approvalRequests.id });
  for (const request of cancelled) {
    await recordAudit(tx, ctx, {
      action: 'approval_request.cancel',
      entityType: 'approval_request',
      entityId: request.id,
      before: { status: 'pending' },
      after: { status: 'cancelled', reason: `A later credit check passed: ${note}` },
    });
  }
}
