import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../../../src/domain/credit/exposure.ts';
import {
  convertMinor,
  type FxTable,
  type RatesUsed,
  staleRates,
  sumInCurrency,
} from '../../../../src/domain/credit/fx.ts';

const quote = (rate: string, on = '2026-11-25', source: 'hubspot' | 'policy' = 'hubspot') => ({
  rate,
  on,
  source,
});
const fx: FxTable = {
  base: 'USD',
  rates: {
    EUR: quote('1.08'),
    GBP: quote('1.27', '2026-10-01'),
    JPY: quote('0.0067', '2026-09-01', 'policy'),
  },
};

describe('FX conversion through the policy rates', () => {
  it('converts exactly, half-even, across minor-unit sizes, and records the rates used', () => {
    const used: RatesUsed = {};
    expect(convertMinor(100_000n, 'EUR', 'USD', fx, used)).toBe(108_000n); // €1,000.00 → $1,080.00
    expect(convertMinor(10_000n, 'JPY', 'USD', fx, used)).toBe(6_700n); // ¥10,000 → $67.00
    expect(convertMinor(100n, 'USD', 'JPY', fx, used)).toBe(149n); // $1.00 / 0.0067 = ¥149.25 → ¥149
    // €100.00 → £: 100 × 1.08 / 1.27 = 85.039… → £85.04
    expect(convertMinor(10_000n, 'EUR', 'GBP', fx, used)).toBe(8_504n);
    expect(used).toEqual({ EUR: fx.rates.EUR, JPY: fx.rates.JPY, GBP: fx.rates.GBP });
  });

  it('refuses a single conversion without a rate, and a sum leaves that currency out when asked to', () => {
    expect(() => convertMinor(1n, 'CHF', 'USD', fx)).toThrow(/No exchange rate for CHF/);
    const leftOut = {};
    const amounts = [
      { currency: 'EUR', minor: 100n },
      { currency: 'CHF', minor: 250n },
      { currency: 'CHF', minor: 50n },
    ];
    expect(sumInCurrency(amounts, 'USD', fx, undefined, leftOut)).toBe(108n);
    expect(leftOut).toEqual({ CHF: 300n });
    expect(() => sumInCurrency(amounts, 'USD', fx)).toThrow(/No exchange rate for CHF/);
  });

  it('calls a HubSpot rate stale after the policy age, never a rate set in the policy', () => {
    const used: RatesUsed = { ...fx.rates };
    expect(staleRates(used, '2026-11-26', 7)).toEqual([
      { currency: 'GBP', on: '2026-10-01', source: 'hubspot' },
    ]);
    expect(staleRates(used, '2026-11-26', 90)).toEqual([]);
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
      ratesUsed: { EUR: fx.rates.EUR },
      leftOut: {},
    });
  });

  it('leaves out balances and deals in a currency without a rate, and says how much', () => {
    const exposure = computeExposure({
      limitMinor: 1_000_000n,
      limitCurrency: 'USD',
      openBalances: [
        { currency: 'USD', minor: 100_000n },
        { currency: 'AUD', minor: 70_000n },
      ],
      deals: [{ currency: 'AUD', minor: 10_000n, stage: 'closedwon' }],
      committedStages: [{ stage: 'closedwon', weightBps: 10_000 }],
      fx,
    });
    expect(exposure.exposureMinor).toBe(100_000n);
    expect(exposure.leftOut).toEqual({ AUD: 80_000n });
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
    expect(exposure.ratesUsed).toEqual({ EUR: fx.rates.EUR });
  });
});

describe('policy look-ups by name', () => {
  it('find only what the policy defines, never an Object method of the same name', async () => {
    const { defaultLimitFor } = await import('../../../../src/domain/credit/assess.ts');
    const { computeScore } = await import('../../../../src/domain/credit/scoring.ts');
    const { policySchema } = await import('../../../../src/domain/policy/schema.ts');
    const { defaultPolicy } = await import('../../../../src/domain/policy/default-policy.ts');
    const policy = policySchema.parse(defaultPolicy);
    expect(defaultLimitFor(policy, 'valueOf').minor).toBe(policy.defaultLimits.default);
    expect(defaultLimitFor(policy, 'enterprise').minor).toBe(policy.defaultLimits.enterprise);
    const score = computeScore(
      {
        avgDaysBeyondTerms: null,
        openMinor: 0n,
        overdueMinor: 0n,
        exposureMinor: 0n,
        limitMinor: 100n,
        thisQuarterAvgDays: null,
        lastQuarterAvgDays: null,
        accountAgeDays: 10,
        openDisputes: 0,
        brokenPromises: 0,
        altman: null,
        externalRating: 'toString',
      },
      policy,
    );
    expect(Number.isInteger(score.score)).toBe(true);
  });
});
