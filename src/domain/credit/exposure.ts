// Exposure and available credit. Exposure = open invoice balances + committed deals not yet invoiced,
// each deal weighted by its stage (a deal that has an invoice counts only through the invoice).
// Available = limit − exposure, in the limit's currency.

import { divideHalfEven } from '../money.ts';
import { convertMinor, type FxTable, type RatesUsed } from './fx.ts';

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
}

export function stageWeightBps(stages: ExposureInput['committedStages'], stage: string): number {
  return stages.find((entry) => entry.stage === stage)?.weightBps ?? 0;
}

export function computeExposure(input: ExposureInput): Exposure {
  const ratesUsed: RatesUsed = {};
  let openMinor = 0n;
  for (const balance of input.openBalances) {
    if (balance.minor <= 0n) continue;
    openMinor += convertMinor(balance.minor, balance.currency, input.limitCurrency, input.fx, ratesUsed);
  }
  let committedMinor = 0n;
  for (const deal of input.deals) {
    const weight = BigInt(stageWeightBps(input.committedStages, deal.stage));
    if (weight === 0n || deal.minor <= 0n) continue;
    const weighted = divideHalfEven(deal.minor * weight, 10_000n);
    committedMinor += convertMinor(weighted, deal.currency, input.limitCurrency, input.fx, ratesUsed);
  }
  const exposureMinor = openMinor + committedMinor;
  return {
    openMinor,
    committedMinor,
    exposureMinor,
    availableMinor: input.limitMinor - exposureMinor,
    ratesUsed,
  };
}
