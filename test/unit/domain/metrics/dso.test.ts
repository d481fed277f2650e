import { describe, expect, it } from 'vitest';
import {
  averageDaysDelinquent,
  bestPossibleDso,
  countbackDso,
  standardDso,
} from '../../../../src/domain/metrics/dso.ts';

const dollars = (n: number) => BigInt(n) * 100n;

describe('DSO', () => {
  it('standard method: Mesha example, AR $150,000 on $1,800,000 of annual sales → 30.4 days', () => {
    // 150,000 / 1,800,000 × 365 = 30.416…
    expect(standardDso(dollars(150_000), dollars(1_800_000), 365)).toBe(30.42);
  });

  it('countback: Benji Pays example, AR $212,000; months of $100k, $80k, $70k of 30 days → 73.71 days', () => {
    // 212k − 100k = 112k (30 d); 112k − 80k = 32k (30 d); 32/70 × 30 = 13.714 d → 73.71
    const months = [100_000, 80_000, 70_000].map((sales) => ({ salesMinor: dollars(sales), days: 30 }));
    expect(countbackDso(dollars(212_000), months)).toBe(73.71);
  });

  it('countback with calendar days: AR 2.1M; March 900k/31, February 800k/28, January 700k/31 → 76.71 days', () => {
    // 2.1M − 0.9M = 1.2M (31 d); 1.2M − 0.8M = 0.4M (28 d); 0.4/0.7 × 31 = 17.714 d → 76.71
    const months = [
      { salesMinor: dollars(900_000), days: 31 },
      { salesMinor: dollars(800_000), days: 28 },
      { salesMinor: dollars(700_000), days: 31 },
    ];
    expect(countbackDso(dollars(2_100_000), months)).toBe(76.71);
  });

  it('countback stops inside the first month when receivables are smaller than its sales', () => {
    expect(countbackDso(dollars(45_000), [{ salesMinor: dollars(90_000), days: 30 }])).toBe(15);
    expect(countbackDso(0n, [{ salesMinor: dollars(90_000), days: 30 }])).toBe(0);
  });

  it('best possible DSO uses current receivables only; ADD is the difference (7 − 3 = 4)', () => {
    // Current AR $60,000 of $1,800,000 annual sales → 12.17 days.
    expect(bestPossibleDso(dollars(60_000), dollars(1_800_000), 365)).toBe(12.17);
    expect(averageDaysDelinquent(7, 3)).toBe(4);
    expect(averageDaysDelinquent(30.42, 12.17)).toBe(18.25);
  });

  it('has no DSO without sales', () => {
    expect(standardDso(100n, 0n, 90)).toBeNull();
    expect(averageDaysDelinquent(null, 3)).toBeNull();
  });
});
