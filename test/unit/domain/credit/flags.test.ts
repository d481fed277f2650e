import { describe, expect, it } from 'vitest';
import { diffFlags, evaluateFlags, type FlagFacts } from '../../../../src/domain/credit/flags.ts';
import { defaultPolicy } from '../../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../../src/domain/policy/schema.ts';

const policy = policySchema.parse(defaultPolicy);

const quiet: FlagFacts = {
  limitMinor: 1_000_000n,
  limitCurrency: 'USD',
  limitSource: 'approved',
  exposureMinor: 100_000n,
  overdueMinor: 0n,
  maxDaysOverdue: 0,
  brokenPromises: 0,
  thisQuarterAvgDays: 2,
  lastQuarterAvgDays: 2,
  openDisputes: 0,
  nextReviewOn: '2027-01-01',
  asOf: '2026-11-26',
  accountAgeDays: 1000,
  receivablesBaseMinor: 100_000n,
  portfolioReceivablesBaseMinor: 10_000_000n,
  altmanZone: 'safe',
};

const codes = (facts: Partial<FlagFacts>) => evaluateFlags({ ...quiet, ...facts }, policy).map((f) => f.code);

describe('risk flag rules', () => {
  it('raises nothing for a healthy customer', () => {
    expect(codes({})).toEqual([]);
  });

  it('raises each flag at its policy threshold and not below it', () => {
    expect(codes({ exposureMinor: 900_000n })).toEqual(['NEAR_LIMIT']); // 90% of the limit
    expect(codes({ exposureMinor: 899_999n })).toEqual([]);
    expect(codes({ exposureMinor: 1_000_001n })).toEqual(['OVER_LIMIT']);
    expect(codes({ overdueMinor: 1n, maxDaysOverdue: 59 })).toEqual(['OVERDUE']);
    expect(codes({ overdueMinor: 1n, maxDaysOverdue: 60 })).toEqual(['OVERDUE', 'SEVERELY_OVERDUE']);
    expect(codes({ brokenPromises: 1 })).toEqual(['BROKEN_PROMISE']);
    expect(codes({ thisQuarterAvgDays: 12, lastQuarterAvgDays: 2 })).toEqual(['WORSENING_TREND']);
    expect(codes({ thisQuarterAvgDays: 11.9, lastQuarterAvgDays: 2 })).toEqual([]);
    expect(codes({ openDisputes: 2 })).toEqual(['DISPUTE_OPEN']);
    expect(codes({ nextReviewOn: '2026-11-25' })).toEqual(['REVIEW_OVERDUE']);
    expect(codes({ nextReviewOn: '2026-11-26' })).toEqual([]);
    expect(codes({ limitSource: 'policy_default' })).toEqual(['NO_CREDIT_LIMIT']);
    expect(codes({ accountAgeDays: 89 })).toEqual(['NEW_CUSTOMER']);
    expect(codes({ accountAgeDays: null })).toEqual(['NEW_CUSTOMER']);
    expect(codes({ receivablesBaseMinor: 2_000_000n })).toEqual(['CONCENTRATION']); // 20% of 10,000,000
    expect(codes({ receivablesBaseMinor: 1_999_999n })).toEqual([]);
    expect(codes({ altmanZone: 'distress' })).toEqual(['DISTRESS_ZONE']);
  });

  it('records the facts that raised a flag', () => {
    const [flag] = evaluateFlags({ ...quiet, exposureMinor: 1_200_000n }, policy);
    expect(flag).toEqual({
      code: 'OVER_LIMIT',
      severity: 'critical',
      facts: { exposureMinor: '1200000', limitMinor: '1000000', currency: 'USD' },
    });
  });

  it('diffs wanted flags against raised ones by code', () => {
    const wanted = evaluateFlags({ ...quiet, overdueMinor: 5n, maxDaysOverdue: 3, openDisputes: 1 }, policy);
    const diff = diffFlags([{ code: 'OVERDUE' }, { code: 'OVER_LIMIT' }], wanted);
    expect(diff.raise.map((f) => f.code)).toEqual(['DISPUTE_OPEN']);
    expect(diff.clear).toEqual(['OVER_LIMIT']);
  });
});
