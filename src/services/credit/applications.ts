// New-customer acceptance: a credit application (company, requested limit, terms, optional statements
// and trade references) gets a suggested limit from the policy, a score, and either auto-approval
// (within the policy's amount and risk levels) or a pending 'new_customer' approval request.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { approvalRequests, companies } from '../../db/schema/index.ts';
import { defaultLimitFor } from '../../domain/credit/assess.ts';
import { convertMinor, type RatesUsed } from '../../domain/credit/fx.ts';
import { computeScore, riskLevelOf } from '../../domain/credit/scoring.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import { actorLabel, type ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import { storeFinancials } from './financials.ts';
import { applyCreditLimit } from './limit.ts';
import { recomputeCompanies } from './recompute.ts';
import { financialStatementInput, isoCurrency, nonNegativeMinor } from './schemas.ts';

const newCompany = z.object({
  name: z.string().trim().min(1).max(200),
  domain: z.string().trim().max(200).optional(),
  segment: z.string().trim().max(60).optional(),
  country: z.string().trim().max(60).optional(),
  isPublic: z.boolean().optional(),
  isManufacturer: z.boolean().optional(),
});

export const creditApplicationInput = z
  .object({
    companyId: z.uuid().optional(),
    company: newCompany.optional(),
    requestedLimitMinor: nonNegativeMinor,
    currency: isoCurrency,
    termsDays: z.number().int().min(0).max(365),
    financials: financialStatementInput.optional(),
    tradeReferences: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(200),
          /** How many days beyond terms this supplier reports the applicant pays, on average. */
          daysBeyondTerms: z.number().min(0).max(365),
        }),
      )
      .max(10)
      .default([]),
  })
  .refine((input) => Boolean(input.companyId) !== Boolean(input.company), {
    message: 'give either companyId (an existing company) or company (a new one)',
    path: ['companyId'],
  });

export async function submitCreditApplication({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const application = parseInput(creditApplicationInput, input);
  return ctx.db.transaction(async (tx) => {
    const { policy, fx } = await currentPolicy(tx, ctx);
    let company: typeof companies.$inferSelect | undefined;
    if (application.companyId) {
      [company] = await tx.select().from(companies).where(eq(companies.id, application.companyId));
      if (!company) throw new NotFoundError(`No company with id ${application.companyId}`);
    } else {
      const details = application.company ?? { name: 'unnamed' };
      [company] = await tx
        .insert(companies)
        .values({ ...details, currency: application.currency, customerSince: isoDate(ctx.now) })
        .returning();
    }
    if (!company) throw new Error('the company was not stored');
    const altman = application.financials
      ? (await storeFinancials(tx, ctx, company.id, application.financials)).altman
      : null;
    const references = application.tradeReferences;
    const avgDays = references.length
      ? references.reduce((sum, reference) => sum + reference.daysBeyondTerms, 0) / references.length
      : null;
    const score = computeScore(
      {
        avgDaysBeyondTerms: avgDays,
        openMinor: 0n,
        overdueMinor: 0n,
        exposureMinor: 0n,
        limitMinor: application.requestedLimitMinor,
        thisQuarterAvgDays: null,
        lastQuarterAvgDays: null,
        accountAgeDays: 0,
        openDisputes: 0,
        brokenPromises: 0,
        altman,
        externalRating: company.externalRating,
      },
      policy,
    );
    const riskLevel = riskLevelOf(score.score, policy.score.thresholds);
    const rates: RatesUsed = {};
    const suggestedBase = defaultLimitFor(policy, company.segment).minor;
    const suggestedLimitMinor = convertMinor(
      suggestedBase,
      policy.baseCurrency,
      application.currency,
      fx,
      rates,
    );
    const requestedBase = convertMinor(
      application.requestedLimitMinor,
      application.currency,
      policy.baseCurrency,
      fx,
      rates,
    );
    const autoApproved =
      requestedBase <= policy.acceptance.autoApproveMaxMinor &&
      policy.acceptance.autoApproveRiskLevels.includes(riskLevel) &&
      policy.strategies[riskLevel] !== 'exit';
    const decision = {
      companyId: company.id,
      requestedLimitMinor: application.requestedLimitMinor,
      suggestedLimitMinor,
      currency: application.currency,
      score: score.score,
      riskLevel,
      factors: score.factors,
      fxRatesUsed: rates,
      decision: autoApproved ? ('auto_approved' as const) : ('pending_approval' as const),
      approvalRequestId: null as string | null,
    };
    await recordAudit(tx, ctx, {
      action: 'credit_application.decide',
      entityType: 'company',
      entityId: company.id,
      after: { ...decision, tradeReferences: references },
    });
    if (autoApproved) {
      await applyCreditLimit(tx, ctx, {
        companyId: company.id,
        limitMinor: application.requestedLimitMinor,
        currency: application.currency,
        termsDays: application.termsDays,
        reason: `Credit application auto-approved (score ${score.score}, ${riskLevel} risk)`,
      });
    } else {
      const [request] = await tx
        .insert(approvalRequests)
        .values({
          kind: 'new_customer',
          companyId: company.id,
          amountMinor: application.requestedLimitMinor,
          currency: application.currency,
          amountBaseMinor: requestedBase,
          fxRate: rates,
          requestedBy: actorLabel(ctx.actor),
          reason: `Credit application: ${riskLevel} risk, score ${score.score}`,
          context: {
            suggestedLimitMinor: suggestedLimitMinor.toString(),
            termsDays: application.termsDays,
            tradeReferences: references,
            altman,
          },
          createdAt: ctx.now,
        })
        .returning({ id: approvalRequests.id });
      decision.approvalRequestId = request?.id ?? null;
      await recomputeCompanies(tx, ctx, [company.id]);
    }
    return decision;
  });
}
