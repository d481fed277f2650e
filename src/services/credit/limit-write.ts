// Writes an approved limit (and terms, blocked) once a decision has been taken, with the audit row that
// says who decided, by which rule and why. Only the limit-change verb calls this: no other path writes
// a limit. Setting a limit is a review: the next review date moves to today plus the risk level's interval.

import { eq } from 'drizzle-orm';
import { creditProfiles } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { addDays, isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from './recompute.ts';

export interface NewLimit {
  limitMinor: bigint;
  currency?: string | undefined;
  termsDays?: number | undefined;
  blocked?: boolean | undefined;
  reason: string;
}

/** How the decision was taken, kept in the audit row's `after.decision`. */
export interface LimitDecisionRecord {
  by: 'manual' | 'policy';
  rule: string;
  why: string;
  origin: string;
  score?: number | null;
  riskLevel?: string | null;
}

export type StoredProfile = typeof creditProfiles.$inferSelect;

export async function writeApprovedLimit(
  tx: Queryable,
  ctx: ServiceContext,
  policy: CreditPolicy,
  companyId: string,
  limit: NewLimit,
  decision: LimitDecisionRecord,
): Promise<StoredProfile> {
  const [before] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, companyId));
  const level = before?.riskLevel ?? 'medium';
  const values = {
    limitMinor: limit.limitMinor,
    currency: limit.currency ?? before?.currency ?? policy.baseCurrency,
    limitSource: 'approved' as const,
    termsDays: limit.termsDays ?? before?.termsDays ?? policy.terms.defaultDays,
    blocked: limit.blocked ?? before?.blocked ?? false,
    nextReviewOn: addDays(isoDate(ctx.now), policy.reviewIntervalDays[level] ?? 365),
    updatedAt: ctx.now,
  };
  await tx
    .insert(creditProfiles)
    .values({ companyId, ...values })
    .onConflictDoUpdate({ target: creditProfiles.companyId, set: values });
  await recordAudit(tx, ctx, {
    action: 'credit_limit.set',
    entityType: 'credit_profile',
    entityId: companyId,
    before: before
      ? {
          limitMinor: before.limitMinor,
          currency: before.currency,
          limitSource: before.limitSource,
          termsDays: before.termsDays,
          blocked: before.blocked,
          nextReviewOn: before.nextReviewOn,
          exposureMinor: before.exposureMinor,
        }
      : null,
    after: { ...values, decision },
    reason: limit.reason,
  });
  await recomputeCompanies(tx, ctx, [companyId]);
  const [profile] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, companyId));
  if (!profile) throw new Error('the credit profile was not stored');
  return profile;
}
