// Sets a company's approved credit limit (and optionally its terms and blocked flag). This is a
// review: the next review date moves to today plus the interval of the company's risk level.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, creditProfiles } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { addDays, isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import { recomputeCompanies } from './recompute.ts';
import { isoCurrency, nonNegativeMinor } from './schemas.ts';

export const setCreditLimitInput = z.object({
  companyId: z.uuid(),
  limitMinor: nonNegativeMinor,
  currency: isoCurrency.optional(),
  termsDays: z.number().int().min(0).max(365).optional(),
  blocked: z.boolean().optional(),
  reason: z.string().trim().min(1).max(500),
});
export type SetCreditLimit = z.infer<typeof setCreditLimitInput>;

/** Writes the approved limit inside the caller's transaction (also used by credit applications). */
export async function applyCreditLimit(tx: Queryable, ctx: ServiceContext, input: SetCreditLimit) {
  const [company] = await tx.select().from(companies).where(eq(companies.id, input.companyId)).for('update');
  if (!company) throw new NotFoundError(`No company with id ${input.companyId}`);
  const { policy } = await currentPolicy(tx, ctx);
  const [before] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, company.id));
  const level = before?.riskLevel ?? 'medium';
  const values = {
    limitMinor: input.limitMinor,
    currency: input.currency ?? before?.currency ?? policy.baseCurrency,
    limitSource: 'approved' as const,
    termsDays: input.termsDays ?? before?.termsDays ?? policy.terms.defaultDays,
    blocked: input.blocked ?? before?.blocked ?? false,
    nextReviewOn: addDays(isoDate(ctx.now), policy.reviewIntervalDays[level]),
    updatedAt: ctx.now,
  };
  await tx
    .insert(creditProfiles)
    .values({ companyId: company.id, ...values })
    .onConflictDoUpdate({ target: creditProfiles.companyId, set: values });
  await recordAudit(tx, ctx, {
    action: 'credit_limit.set',
    entityType: 'credit_profile',
    entityId: company.id,
    before: before
      ? {
          limitMinor: before.limitMinor,
          currency: before.currency,
          limitSource: before.limitSource,
          termsDays: before.termsDays,
          blocked: before.blocked,
          nextReviewOn: before.nextReviewOn,
        }
      : null,
    after: values,
    reason: input.reason,
  });
  await recomputeCompanies(tx, ctx, [company.id]);
  const [profile] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, company.id));
  if (!profile) throw new Error('the credit profile was not stored');
  return profile;
}

export async function setCreditLimit({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'set a credit limit');
  const parsed = parseInput(setCreditLimitInput, input);
  return ctx.db.transaction((tx) => applyCreditLimit(tx, ctx, parsed));
}
