// Exposure and available credit. Exposure = open invoice balances + committed deals not yet invoiced,
// each deal weighted by its stage (a deal that has an invoice counts only through the invoice).
// Available = limit − exposure, in the limit's currency. Amounts in a currency without a rate are left
// out of the figures and reported in `leftOut`, so one unconvertible currency never stops a company's
// assessment (it raises FX_RATE_MISSING instead).

import { divideHalfEven } from '../money.ts';
import { canConvert, convertMinor, type FxTable, type LeftOut, type RatesUsed } from './fx.ts';

export interface Amount {
  currency: string;
  minor: bigint;
}

export interface CommittedDealAmount extends Amount {
  stage: string;
}

export interface ExposureInput {
  limitMinor: bigint;
  limitCurrency: string;
  /** Open invoice balances (any currencies; several entries per currency are fine). */
  openBalances: readonly Amount[];
  /** Not-yet-invoiced deals (or their sums per stage and currency). */
  deals: readonly CommittedDealAmount[];
  committedStages: readonly { stage: string; weightBps: number }[];
  fx: FxTable;
}

export interface Exposure {
  openMinor: bigint;
  committedMinor: bigint;
  exposureMinor: bigint;
  availableMinor: bigint;
  ratesUsed: RatesUsed;
  /** Open balances and weighted deal amounts left out for want of a rate, per currency. */
  leftOut: LeftOut;
}

export function stageWeightBps(stages: ExposureInput['committedStages'], stage: string): number {
  return stages.find((entry) => entry.stage === stage)?.weightBps ?? 0;
}

export function computeExposure(input: ExposureInput): Exposure {
  const ratesUsed: RatesUsed = {};
  const leftOut: LeftOut = {};
  const add = (minor: bigint, currency: string): bigint => {
    if (canConvert(input.fx, currency, input.limitCurrency))
      return convertMinor(minor, currency, input.limitCurrency, input.fx, ratesUsed);
    leftOut[currency] = (leftOut[currency] ?? 0n) + minor;
    return 0n;
  };
  let openMinor = 0n;
  for (const balance of input.openBalances) {
    if (balance.minor <= 0n) continue;
    openMinor += add(balance.minor, balance.currency);
  }
  let committedMinor = 0n;
  for (const deal of input.deals) {
    const weight = BigInt(stageWeightBps(input.committedStages, deal.stage));
    if (weight === 0n || deal.minor <= 0n) continue;
    const weighted = divideHalfEven(deal.minor * weight, 10_000n);
    committedMinor += add(weighted, deal.currency);
  }
  const exposureMinor = openMinor + committedMinor;
  return {
    openMinor,
    committedMinor,
    exposureMinor,
    availableMinor: input.limitMinor - exposureMinor,
    ratesUsed,
    leftOut,
  };
}
