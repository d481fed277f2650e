// Currency conversion through the policy's rate table (units of the base currency per one unit of
// another). Exact: rates stay decimal strings and amounts bigint; the rates applied are returned so the
// caller can store them with the figure they produced.

import { ValidationError } from '../errors.ts';
import { divideHalfEven, minorDigits } from '../money.ts';

export interface FxTable {
  base: string;
  /** Units of `base` per one unit of each listed currency, as exact decimal strings. */
  rates: Readonly<Record<string, string>>;
}

/** The rates a conversion used, keyed by currency (the base currency is never listed). */
export type RatesUsed = Record<string, string>;

export function rateToBase(table: FxTable, currency: string): string {
  if (currency === table.base) return '1';
  const rate = table.rates[currency];
  if (!rate) throw new ValidationError(`No exchange rate for ${currency} in the credit policy`);
  return rate;
}

function decimalParts(rate: string): { digits: bigint; scale: number } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

/**
 * Converts `minor` units of `from` into `to` through the base currency, half-even to the target's
 * minor unit: amount × rate(from) / rate(to). Records the rates applied into `used`.
 */
export function convertMinor(
  minor: bigint,
  from: string,
  to: string,
  table: FxTable,
  used?: RatesUsed,
): bigint {
  if (from === to || minor === 0n) return minor;
  const fromRate = rateToBase(table, from);
  const toRate = rateToBase(table, to);
  if (used) {
    if (from !== table.base) used[from] = fromRate;
    if (to !== table.base) used[to] = toRate;
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

/** Sums amounts in several currencies into one, converting each group once. */
export function sumInCurrency(
  amounts: readonly { currency: string; minor: bigint }[],
  to: string,
  table: FxTable,
  used?: RatesUsed,
): bigint {
  const byCurrency = new Map<string, bigint>();
  for (const { currency, minor } of amounts)
    byCurrency.set(currency, (byCurrency.get(currency) ?? 0n) + minor);
  let total = 0n;
  for (const [currency, minor] of byCurrency) total += convertMinor(minor, currency, to, table, used);
  return total;
}
