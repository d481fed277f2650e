// Credit applications. For a new customer (a new company, or one without a profile or invoices) the
// application is scored on what it brings (trade references, statements, an external rating) and judged
// by the policy's `acceptance` rule. For an existing customer it is a request to change its limit,
// scored on its own history and judged by `limitChanges`. Either way the limit changes only through the
// limit-change verb: at once within the rule, otherwise as a pending approval request.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies } from '../../db/schema/index.ts';
import { defaultLimitFor } from '../../domain/credit/assess.ts';
import { convertMinor, type FxTable } from '../../domain/credit/fx.ts';
import { autoApprovableIncrease } from '../../domain/credit/limit-rules.ts';
import { computeScore, riskLevelOf } from '../../domain/credit/scoring.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import { actorLabel, type ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import type { CurrentCredit } from './assess-one.ts';
import { storeFinancials } from './financials.ts';
import { changeCreditLimit } from './limit-change.ts';
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
type CreditApplication = z.infer<typeof creditApplicationInput>;

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
    const applicant = applicantScore(application, altman, company.externalRating, policy);
    const result = await changeCreditLimit(tx, ctx, {
      mode: 'request',
      origin: 'credit_application',
      companyId: company.id,
      limitMinor: application.requestedLimitMinor,
      currency: application.currency,
      termsDays: application.termsDays,
      reason: 'Credit application',
      requestedBy: actorLabel(ctx.actor),
      applicant: {
        score: applicant.score.score,
        riskLevel: applicant.riskLevel,
        strategy: policy.strategies[applicant.riskLevel] ?? 'accept',
      },
      context: { tradeReferences: application.tradeReferences, altman },
    });
    // The judged score: the customer's own history when it has one, the application's otherwise.
    const judged = result.current?.assessment;
    const decision = {
      companyId: company.id,
      customer: result.customer,
      requestedLimitMinor: application.requestedLimitMinor,
      currentLimitMinor: result.current ? currentIn(result.current, application.currency, fx) : null,
      suggestedLimitMinor: suggestedLimit(result.current, company.segment, application.currency, policy, fx),
      currency: application.currency,
      score: judged?.score.score ?? applicant.score.score,
      riskLevel: judged?.riskLevel ?? applicant.riskLevel,
      factors: judged?.score.factors ?? applicant.score.factors,
      fxRatesUsed: result.fxRatesUsed,
      decision: result.outcome === 'applied' ? ('auto_approved' as const) : ('pending_approval' as const),
      rule: result.rule,
      why: result.why,
      approvalRequestId: result.approvalRequestId,
    };
    await recordAudit(tx, ctx, {
      action: 'credit_application.decide',
      entityType: 'company',
      entityId: company.id,
      after: { ...decision, tradeReferences: application.tradeReferences },
    });
    // Statements stored with a waiting application still change the profile's score.
    if (result.outcome === 'pending_approval') await recomputeCompanies(tx, ctx, [company.id]);
    return decision;
  });
}

/** A new customer's score from what the application brings: it has no payment history to judge. */
function applicantScore(
  application: CreditApplication,
  altman: Parameters<typeof computeScore>[0]['altman'],
  externalRating: string | null,
  policy: CreditPolicy,
) {
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
      externalRating,
    },
    policy,
  );
  return { score, riskLevel: riskLevelOf(score.score, policy.score.thresholds) };
}

function currentIn(current: CurrentCredit, currency: string, fx: FxTable): bigint {
  return convertMinor(current.limit.minor, current.limit.currency, currency, fx);
}

/**
 * A new customer: the policy default for its segment. An existing one: the highest limit the policy
 * would approve on its own now (its current limit when its risk level, strategy or a block rule out any
 * automatic increase).
 */
function suggestedLimit(
  current: CurrentCredit | null,
  segment: string | null,
  currency: string,
  policy: CreditPolicy,
  fx: FxTable,
): bigint {
  if (!current)
    return convertMinor(defaultLimitFor(policy, segment).minor, policy.baseCurrency, currency, fx);
  const base = convertMinor(current.limit.minor, current.limit.currency, policy.baseCurrency, fx);
  const { riskLevel, strategy } = current.assessment;
  const mayIncrease =
    !current.blocked && strategy !== 'exit' && policy.limitChanges.autoApproveRiskLevels.includes(riskLevel);
  const ceiling = mayIncrease ? base + autoApprovableIncrease(base, policy) : base;
  return convertMinor(ceiling, policy.baseCurrency, currency, fx);
}
