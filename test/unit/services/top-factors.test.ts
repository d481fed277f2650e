import { describe, expect, it } from 'vitest';
import { computeScore } from '../../../src/domain/credit/scoring.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../src/domain/policy/schema.ts';
import { topFactors } from '../../../src/services/collections/read/company-card.ts';

describe('the score drivers on the Slack card', () => {
  it('reads the engine’s own explanation and names the factors that lose the most points', () => {
    const policy = policySchema.parse(defaultPolicy);
    const score = computeScore(
      {
        avgDaysBeyondTerms: 30,
        openMinor: 400_000n,
        overdueMinor: 300_000n,
        exposureMinor: 900_000n,
        limitMinor: 1_000_000n,
        thisQuarterAvgDays: 5,
        lastQuarterAvgDays: 5,
        accountAgeDays: 800,
        openDisputes: 0,
        brokenPromises: 0,
        altman: null,
        externalRating: null,
      },
      policy,
    );
    // The profile stores the factors under `factors`, as the engine writes them.
    const drivers = topFactors({ score: score.score, factors: score.factors });
    expect(drivers.map((driver) => driver.name)).toEqual([
      'Payment behaviour (12 months)',
      'Share of balance overdue',
      'Limit utilisation',
    ]);
    for (const driver of drivers) expect(driver.points).toBeLessThan(driver.max ?? 0);
  });
});
