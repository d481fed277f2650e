import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../../../src/domain/credit/exposure.ts';
import { convertMinor, type RatesUsed } from '../../../../src/domain/credit/fx.ts';

const fx = { base: 'USD', rates: { EUR: '1.08', GBP: '1.27', JPY: '0.0067' } };

describe('FX conversion through the policy rates', () => {
  it('converts exactly, half-even, across minor-unit sizes, and records the rates used', () => {
    const used: RatesUsed = {};
    expect(convertMinor(100_000n, 'EUR', 'USD', fx, used)).toBe(108_000n); // €1,000.00 → $1,080.00
    expect(convertMinor(10_000n, 'JPY', 'USD', fx, used)).toBe(6_700n); // ¥10,000 → $67.00
    expect(convertMinor(100n, 'USD', 'JPY', fx, used)).toBe(149n); // $1.00 / 0.0067 = ¥149.25 → ¥149
    // €100.00 → £: 100 × 1.08 / 1.27 = 85.039… → £85.04
    expect(convertMinor(10_000n, 'EUR', 'GBP', fx, used)).toBe(8_504n);
    expect(used).toEqual({ EUR: '1.08', JPY: '0.0067', GBP: '1.27' });
  });

  it('refuses a currency the policy has no rate for', () => {
    expect(() => convertMinor(1n, 'CHF', 'USD', fx)).toThrow(/No exchange rate for CHF/);
  });
});

describe('exposure and available credit', () => {
  it('adds open balances and stage-weighted committed deals in the limit currency', () => {
    const exposure = computeExposure({
      limitMinor: 5_000_000n,
      limitCurrency: 'USD',
      openBalances: [
        { currency: 'USD', minor: 1_000_000n },
        { currency: 'EUR', minor: 500_000n }, // → 540,000
      ],
      deals: [
        { currency: 'USD', minor: 1_000_000n, stage: 'contractsent' }, // 80% → 800,000
        { currency: 'USD', minor: 700_000n, stage: 'appointmentscheduled' }, // not committed
      ],
      committedStages: [
        { stage: 'contractsent', weightBps: 8_000 },
        { stage: 'closedwon', weightBps: 10_000 },
      ],
      fx,
    });
    expect(exposure).toEqual({
      openMinor: 1_540_000n,
      committedMinor: 800_000n,
      exposureMinor: 2_340_000n,
      availableMinor: 2_660_000n,
      ratesUsed: { EUR: '1.08' },
    });
  });

  it('goes negative when exposure exceeds the limit', () => {
    const exposure = computeExposure({
      limitMinor: 100n,
      limitCurrency: 'EUR',
      openBalances: [{ currency: 'USD', minor: 216n }], // $2.16 / 1.08 = €2.00
      deals: [],
      committedStages: [],
      fx,
    });
    expect(exposure.availableMinor).toBe(-100n);
    expect(exposure.ratesUsed).toEqual({ EUR: '1.08' });
  });
});
