import { describe, expect, it } from 'vitest';
import { computeScore, riskLevelOf, type ScoreInputs } from '../../../../src/domain/credit/scoring.ts';
import { defaultPolicy } from '../../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../../src/domain/policy/schema.ts';

const policy = policySchema.parse(defaultPolicy);

const inputs: ScoreInputs = {
  avgDaysBeyondTerms: 15,
  openMinor: 400_000n,
  overdueMinor: 100_000n,
  exposureMinor: 750_000n,
  limitMinor: 1_000_000n,
  thisQuarterAvgDays: 12,
  lastQuarterAvgDays: 6,
  accountAgeDays: 365,
  openDisputes: 1,
  brokenPromises: 0,
  altman: { variant: "Z'", z: 2.1, zone: 'grey' },
  externalRating: null,
};

describe('the explainable score', () => {
  it('lists every factor with its inputs and points (hand-computed with the default weights)', () => {
    const score = computeScore(inputs, policy);
    const points = Object.fromEntries(score.factors.map((f) => [f.factor, [f.points, f.maxPoints]]));
    expect(points).toEqual({
      paymentBehaviour: [22.5, 30], // 15 of 60 days → 75%
      overdueShare: [15, 20], // 25% overdue → 75%
      utilisation: [7.5, 15], // 75% used: halfway from 50% to 100% → 50%
      trend: [8, 10], // 6 days worse of 30 → 80%
      accountAge: [2.5, 5], // 365 of 730 days → 50%
      disputes: [2.5, 5], // one open dispute → 50%
      brokenPromises: [5, 5],
      altman: [5, 10], // grey zone → 50%
    });
    // 68 of 100 points; the external rating is left out (no mapping).
    expect(score.score).toBe(68);
    expect(riskLevelOf(score.score, policy.score.thresholds)).toBe('medium');
    expect(score.factors.find((f) => f.factor === 'utilisation')?.inputs).toEqual({
      exposureMinor: '750000',
      limitMinor: '1000000',
      utilisationBps: 7500,
    });
  });

  it('scales to the factors that have data and uses a mapped external rating', () => {
    const withRating = {
      ...policy,
      score: {
        ...policy.score,
        weights: { ...policy.score.weights, externalRating: 10 },
        externalRatings: { B: 4_000 },
      },
    };
    const score = computeScore({ ...inputs, altman: null, externalRating: 'B' }, withRating);
    // 63 points of paymentBehaviour…brokenPromises (max 90) + 4 of 10 for rating B → 67 / 100.
    expect(score.factors.find((f) => f.factor === 'externalRating')?.points).toBe(4);
    expect(score.factors.some((f) => f.factor === 'altman')).toBe(false);
    expect(score.score).toBe(67);
  });

  it('maps scores to risk levels at the policy thresholds', () => {
    const t = policy.score.thresholds; // low 75, medium 55, high 35
    expect([75, 74, 55, 54, 35, 34, 0].map((s) => riskLevelOf(s, t))).toEqual([
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });
});
