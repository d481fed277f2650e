// What an admin needs to know about exchange rates, in one place for the policy API, the start log and
// the sync and rescore summaries: the base currency, the rates in force, and which currencies in use
// have none (with one line saying how to set one).

import type { FxSource } from '../../domain/credit/fx.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { currenciesWithoutRate, missingRatesLine } from './table.ts';

export interface FxStatus {
  baseCurrency: string;
  rates: { currency: string; rate: string; on: string; source: FxSource }[];
  /** Currencies of open invoices or deals that no rate converts. */
  missing: string[];
  /** One line for logs and summaries, or null when nothing is missing. */
  missingLine: string | null;
}

export async function fxStatus(ctx: ServiceContext): Promise<FxStatus> {
  const { fx } = await currentPolicy(ctx.db, ctx);
  const missing = await currenciesWithoutRate(ctx.db, fx);
  return {
    baseCurrency: fx.base,
    rates: Object.entries(fx.rates)
      .map(([currency, quote]) => ({ currency, ...quote }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    missing,
    missingLine: missingRatesLine(missing, fx.base),
  };
}

/**
 * Logs, in one line, the currencies in use that have no rate (nothing when every one has). A report,
 * not a gate: a failure to read is logged and never stops the start or the job that asked.
 */
export async function warnMissingRates(ctx: ServiceContext): Promise<void> {
  try {
    const status = await fxStatus(ctx);
    if (status.missingLine) ctx.logger.warn({ currencies: status.missing }, status.missingLine);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not check which currencies lack an exchange rate');
  }
}
