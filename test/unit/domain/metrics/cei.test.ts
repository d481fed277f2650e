import { describe, expect, it } from 'vitest';
import { badDebtRatio, collectionEffectivenessIndex } from '../../../../src/domain/metrics/cei.ts';

const dollars = (n: number) => BigInt(n) * 100n;

describe('collection effectiveness index', () => {
  it('WizEdu example: 6,200 + 10,890 − 6,340 over 6,200 + 10,890 − 3,590 → 79.63%', () => {
    expect(
      collectionEffectivenessIndex({
        beginningReceivablesMinor: dollars(6_200),
        creditSalesMinor: dollars(10_890),
        endingTotalReceivablesMinor: dollars(6_340),
        endingCurrentReceivablesMinor: dollars(3_590),
      }),
    ).toBe(79.63);
  });

  it('Gaviti example: 100,000 + 1,000,000 − 120,000 over 100,000 + 1,000,000 − 100,000 → 98%', () => {
    expect(
      collectionEffectivenessIndex({
        beginningReceivablesMinor: dollars(100_000),
        creditSalesMinor: dollars(1_000_000),
        endingTotalReceivablesMinor: dollars(120_000),
        endingCurrentReceivablesMinor: dollars(100_000),
      }),
    ).toBe(98);
  });

  it('is 100% when everything past due was collected, and undefined with nothing to collect', () => {
    const all = { beginningReceivablesMinor: 500n, creditSalesMinor: 1_000n };
    expect(
      collectionEffectivenessIndex({
        ...all,
        endingTotalReceivablesMinor: 300n,
        endingCurrentReceivablesMinor: 300n,
      }),
    ).toBe(100);
    expect(
      collectionEffectivenessIndex({
        beginningReceivablesMinor: 0n,
        creditSalesMinor: 0n,
        endingTotalReceivablesMinor: 0n,
        endingCurrentReceivablesMinor: 0n,
      }),
    ).toBeNull();
  });
});

describe('bad-debt ratio', () => {
  it('$5,000 written off on $250,000 of credit sales → 2%', () => {
    expect(badDebtRatio(dollars(5_000), dollars(250_000))).toBe(2);
    expect(badDebtRatio(1n, 0n)).toBeNull();
  });
});
