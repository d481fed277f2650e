// The credit check of deals. Called by the API and by whatever notices a deal entering a stage (webhook,
// sync): `checkDeals(tx, ctx, ids)` inside the caller's transaction. A hold opens a pending
// 'deal_credit' approval request (one per deal); every result is pushed to the deal's HubSpot record.

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { creditProfiles, deals, invoices } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { type CheckReason, checkDeal, type DealCheckResult } from '../../domain/credit/check.ts';
import { stageWeightBps } from '../../domain/credit/exposure.ts';
import { canConvert, convertMinor, type RatesUsed } from '../../domain/credit/fx.ts';
import type { RiskLevel } from '../../domain/credit/scoring.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { divideHalfEven } from '../../domain/money.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { queueHubspotCreditPush } from '../outbox/effects.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import { cancelDealApproval, openDealApproval } from './deal-approval.ts';
import { recomputeCompanies } from './recompute.ts';

export const REASON_TEXT: Record<CheckReason, string> = {
  blocked: 'Customer is blocked',
  exit_strategy: 'Customer is on an exit strategy (no new credit)',
  review_risk_level: 'Customer risk level requires review',
  over_available: 'Deal amount exceeds available credit',
  within_available: 'Within available credit',
  previously_approved: 'Approved amount not exceeded',
  no_exchange_rate: 'No exchange rate converts the deal amount to the limit currency',
};

export interface DealCheckOutcome {
  dealId: string;
  /** The company recomputed for this check (null for a deal with no company). */
  companyId: string | null;
  result: DealCheckResult | { applies: false; why: 'no_company' };
  approvalRequestId: string | null;
}

export async function checkDeals(tx: Queryable, ctx: ServiceContext, dealIds: readonly string[]) {
  const rows = await tx
    .select()
    .from(deals)
    .where(and(inArray(deals.id, [...dealIds]), isNull(deals.archivedAt)))
    .for('update');
  const companyIds = rows.flatMap((deal) => (deal.companyId ? [deal.companyId] : []));
  await recomputeCompanies(tx, ctx, companyIds);
  const { policy, fx } = await currentPolicy(tx, ctx);
  // One query each for the profiles and for which deals are invoiced already, whatever the number of deals.
  const profiles = new Map(
    (companyIds.length === 0
      ? []
      : await tx.select().from(creditProfiles).where(inArray(creditProfiles.companyId, companyIds))
    ).map((profile) => [profile.companyId, profile]),
  );
  const invoicedDeals = new Set(
    rows.length === 0
      ? []
      : (
          await tx
            .selectDistinct({ dealId: invoices.dealId })
            .from(invoices)
            .where(
              inArray(
                invoices.dealId,
                rows.map((deal) => deal.id),
              ),
            )
        ).map((row) => row.dealId),
  );
  const outcomes: DealCheckOutcome[] = [];
  for (const deal of rows) {
    if (!deal.companyId) {
      outcomes.push({
        dealId: deal.id,
        companyId: null,
        result: { applies: false, why: 'no_company' },
        approvalRequestId: null,
      });
      continue;
    }
    const profile = profiles.get(deal.companyId);
    if (!profile) throw new Error(`no credit profile for company ${deal.companyId} after recompute`);
    const rates: RatesUsed = {};
    const amount = deal.amountMinor ?? 0n;
    const dealCurrency = deal.currency ?? profile.currency;
    const amountInLimit = canConvert(fx, dealCurrency, profile.currency)
      ? convertMinor(amount, dealCurrency, profile.currency, fx, rates)
      : null;
    // The deal may already count in exposure (a committed stage, not invoiced): add it back before
    // comparing, so it is not counted twice.
    const weight =
      invoicedDeals.has(deal.id) || !deal.stage
        ? 0
        : stageWeightBps(policy.exposure.committedStages, deal.stage);
    const counted = amountInLimit === null ? 0n : divideHalfEven(amountInLimit * BigInt(weight), 10_000n);
    const result = checkDeal(
      {
        stage: deal.stage,
        pipeline: deal.pipeline,
        creditStatus: deal.creditStatus,
        amountMinor: amountInLimit,
        approvedAmountMinor: deal.approvedAmountMinor,
        profile: {
          blocked: profile.blocked,
          strategy: profile.strategy ?? 'accept',
          riskLevel: (profile.riskLevel ?? 'medium') as RiskLevel,
          limitMinor: profile.limitMinor,
          availableMinor: profile.availableMinor + counted,
        },
      },
      policy.creditCheck,
    );
    let approvalRequestId: string | null = null;
    if (result.applies) {
      const dealText =
        amountInLimit === null ? `${amount} ${dealCurrency}` : `${amountInLimit} ${profile.currency}`;
      const note = `${REASON_TEXT[result.reason]} (available ${profile.availableMinor + counted} ${profile.currency}, deal ${dealText})`;
      await tx
        .update(deals)
        .set({
          creditStatus: result.status,
          creditNote: note,
          creditCheckedAt: ctx.now,
          creditCheckVersion: sql`${deals.creditCheckVersion} + 1`,
          updatedAt: ctx.now,
        })
        .where(eq(deals.id, deal.id));
      if (result.status !== 'hold') {
        // The reason for the hold has gone (a payment, a higher limit, a smaller amount): the request
        // still waiting for an approver is moot.
        await cancelDealApproval(tx, ctx, deal.id, note);
      } else {
        approvalRequestId = await openDealApproval(
          tx,
          ctx,
          deal,
          deal.companyId,
          amount,
          dealCurrency,
          result.reason,
          {
            amountBaseMinor: canConvert(fx, dealCurrency, fx.base)
              ? convertMinor(amount, dealCurrency, fx.base, fx, rates)
              : null,
            rates,
            note,
          },
        );
      }
      await recordAudit(tx, ctx, {
        action: 'deal.credit_check',
        entityType: 'deal',
        entityId: deal.id,
        before: { creditStatus: deal.creditStatus, creditNote: deal.creditNote },
        after: {
          creditStatus: result.status,
          reason: result.reason,
          note,
          fxRatesUsed: rates,
          approvalRequestId,
        },
      });
      await queueHubspotCreditPush(tx, ctx.now, 'deal', [deal.id]);
    }
    outcomes.push({ dealId: deal.id, companyId: deal.companyId, result, approvalRequestId });
  }
  return outcomes;
}

export async function checkDealCredit({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'run a deal credit check by hand');
  const { dealId } = parseInput(z.object({ dealId: z.uuid() }), input);
  return ctx.db.transaction(async (tx) => {
    const [outcome] = await checkDeals(tx, ctx, [dealId]);
    if (!outcome) throw new NotFoundError(`No deal with id ${dealId}`);
    return outcome;
  });
}
