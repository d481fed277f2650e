// Currency conversion through a table of rates to the base currency (units of the base currency per one
// unit of another). Exact: rates stay decimal strings and amounts bigint. Every rate carries the date it
// is for and where it came from, and the rates a conversion applied are returned so the caller can store
// them with the figure they produced. A currency without a rate is not an error here: callers ask
// `canConvert` first and leave such amounts out, saying so (see assess.ts).

import { ValidationError } from '../errors.ts';
import { divideHalfEven, minorDigits } from '../money.ts';

export type FxSource = 'policy' | 'hubspot' | 'demo';

export interface FxQuote {
  /** Units of the base currency per one unit of the quoted currency, an exact decimal string. */
  rate: string;
  /** The day the rate is for (YYYY-MM-DD). */
  on: string;
  source: FxSource;
}

export interface FxTable {
  base: string;
  rates: Readonly<Record<string, FxQuote>>;
}

/** The rates a conversion used, keyed by currency (the base currency is never listed). */
export type RatesUsed = Record<string, FxQuote>;

export class FxRateMissingError extends ValidationError {
  constructor(readonly currency: string) {
    super(
      `No exchange rate for ${currency}: set one in the credit policy (fxRates) or in HubSpot's currencies`,
    );
  }
}

function quoteFor(table: FxTable, currency: string): FxQuote | undefined {
  if (currency === table.base) return undefined;
  return table.rates[currency];
}

export function hasRate(table: FxTable, currency: string): boolean {
  return currency === table.base || table.rates[currency] !== undefined;
}

/** Whether an amount in `from` can be expressed in `to` with the rates at hand. */
export function canConvert(table: FxTable, from: string, to: string): boolean {
  return from === to || (hasRate(table, from) && hasRate(table, to));
}

function rateOf(table: FxTable, currency: string): string {
  if (currency === table.base) return '1';
  const quote = quoteFor(table, currency);
  if (!quote) throw new FxRateMissingError(currency);
  return quote.rate;
}

function decimalParts(rate: string): { digits: bigint; scale: number } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

/**
 * Converts `minor` units of `from` into `to` through the base currency, half-even to the target's
 * minor unit: amount × rate(from) / rate(to). Records the rates applied into `used`. Throws
 * FxRateMissingError when either currency has no rate (ask canConvert first).
 */
export function convertMinor(
  minor: bigint,
  from: string,
  to: string,
  table: FxTable,
  used?: RatesUsed,
): bigint {
  if (from === to || minor === 0n) return minor;
  const fromRate = rateOf(table, from);
  const toRate = rateOf(table, to);
  if (used) {
    const fromQuote = quoteFor(table, from);
    const toQuote = quoteFor(table, to);
    if (fromQuote) used[from] = fromQuote;
    if (toQuote) used[to] = toQuote;
  }
  const f = decimalParts(fromRate);
  const t = decimalParts(toRate);
  if (t.digits === 0n) throw new ValidationError(`The exchange rate for ${to} is zero`);
  // minor_to = minor_from × f / t × 10^(digits_to − digits_from), all scaled to integers.
  const exponent = t.scale - f.scale + minorDigits(to) - minorDigits(from);
  const numerator = minor * f.digits * (exponent > 0 ? 10n ** BigInt(exponent) : 1n);
  const denominator = t.digits * (exponent < 0 ? 10n ** BigInt(-exponent) : 1n);
  return divideHalfEven(numerator, denominator);
}

/** Amounts per currency that could not be converted, for the explanation and the flag. */
export type LeftOut = Record<string, bigint>;

/**
 * Sums amounts in several currencies into one, converting each group once. Amounts whose currency
 * cannot be converted are added to `leftOut` (when given) instead of failing the sum.
 */
export function sumInCurrency(
  amounts: readonly { currency: string; minor: bigint }[],
  to: string,
  table: FxTable,
  used?: RatesUsed,
  leftOut?: LeftOut,
): bigint {
  const byCurrency = new Map<string, bigint>();
  for (const { currency, minor } of amounts)
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0n) + minor);
  let total = 0n;
  for (const [currency, minor] of byCurrency) {
    if (!canConvert(table, currency, to)) {
      if (leftOut && minor !== 0n) leftOut[currency] = (leftOut[currency] ?? 0n) + minor;
      if (!leftOut) throw new FxRateMissingError(hasRate(table, currency) ? to : currency);
      continue;
    }
    total += convertMinor(minor, currency, to, table, used);
  }
  return total;
}

/** The currencies of `used` whose rate is for a day more than `maxAgeDays` before `asOf`. */
export function staleRates(
  used: RatesUsed,
  asOf: string,
  maxAgeDays: number,
): { currency: string; on: string; source: FxSource }[] {
  const cutoff = new Date(`${asOf}T00:00:00Z`).getTime() - maxAgeDays * 86_400_000;
  return Object.entries(used)
    .filter(([, quote]) => quote.source !== 'policy' && new Date(`${quote.on}T00:00:00Z`).getTime() < cutoff)
    .map(([currency, quote]) => ({ currency, on: quote.on, source: quote.source }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
