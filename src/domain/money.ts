// Money as an integer count of minor units with an ISO 4217 currency. Never a float: amounts from
// outside (HubSpot's decimal strings, CSV cells) are parsed digit by digit.

import { CurrencyMismatchError, ValidationError } from './errors.ts';

export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const exponentCache = new Map<string, number>();

/** Number of minor-unit digits for a currency (USD 2, JPY 0, BHD 3), from the platform's ICU data. */
export function minorDigits(currency: string): number {
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  assertCurrency(currency);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  if (digits === undefined) throw new ValidationError(`Unknown currency ${currency}`);
  exponentCache.set(currency, digits);
  return digits;
}

export function assertCurrency(currency: string): void {
  if (!CURRENCY_PATTERN.test(currency)) throw new ValidationError(`"${currency}" is not an ISO 4217 code`);
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency });
  } catch {
    throw new ValidationError(`"${currency}" is not an ISO 4217 code`);
  }
}

export type Rounding = 'reject' | 'half-even' | 'half-up';

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Parses a decimal string ("1234.5", "-0.125", "1e3" is rejected) into minor units.
 * Extra fraction digits are rejected unless a rounding mode is given; grouping separators are not
 * accepted, so "1,000" is an error rather than a silent 1.
 */
export function parseDecimal(text: string, currency: string, rounding: Rounding = 'reject'): Money {
  const digits = minorDigits(currency);
  const trimmed = text.trim();
  const match = DECIMAL_PATTERN.exec(trimmed);
  if (!match) throw new ValidationError(`"${text}" is not a decimal amount`);
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const dropped = fraction.slice(digits);
  let minor = BigInt(whole + kept);
  if (/[1-9]/.test(dropped)) {
    if (rounding === 'reject') {
      throw new ValidationError(`"${text}" has more than ${digits} decimal places for ${currency}`);
    }
    minor += roundIncrement(minor, dropped, rounding);
  }
  if (minor > MAX_MINOR) throw new ValidationError(`"${text}" is too large an amount`);
  return { minor: sign === '-' ? -minor : minor, currency };
}

/** Amounts are stored as 64-bit integers of minor units (Postgres bigint). */
const MAX_MINOR = 2n ** 63n - 1n;

function roundIncrement(kept: bigint, dropped: string, rounding: Exclude<Rounding, 'reject'>): bigint {
  const first = Number(dropped[0]);
  const rest = /[1-9]/.test(dropped.slice(1));
  if (first > 5 || (first === 5 && rest)) return 1n;
  if (first < 5) return 0n;
  if (rounding === 'half-up') return 1n;
  return kept % 2n === 0n ? 0n : 1n;
}

/** Exact decimal string of a money amount, e.g. 123456n USD → "1234.56". */
export function toDecimalString(money: Money): string {
  const digits = minorDigits(money.currency);
  const negative = money.minor < 0n;
  const abs = (negative ? -money.minor : money.minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** Human display, e.g. "$1,234.56". Uses the decimal string so large amounts never pass through a float. */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(money: Money, locale = 'en-US'): string {
  // Building a NumberFormat costs far more than using one; there are few locale/currency pairs.
  const key = `${locale}:${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  return formatter.format(toDecimalString(money) as unknown as number);
}

export function money(minor: bigint, currency: string): Money {
  assertCurrency(currency);
  return { minor, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new CurrencyMismatchError(`Cannot combine ${a.currency} with ${b.currency}`, {
      left: a.currency,
      right: b.currency,
    });
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((total, item) => add(total, item), money(0n, currency));
}

/**
 * An exchange rate as an exact decimal string (units of `to` per one unit of `from`), e.g. "1.0825".
 * Kept as text so the rate recorded with a decision is the one that was applied, digit for digit.
 */
export interface FxRate {
  readonly from: string;
  readonly to: string;
  readonly rate: string;
}

/** Converts with half-even rounding to the target's minor unit. */
export function convert(amount: Money, rate: FxRate): Money {
  if (amount.currency === rate.to && rate.from === rate.to) return amount;
  if (amount.currency !== rate.from) {
    throw new CurrencyMismatchError(`Rate ${rate.from}→${rate.to} cannot convert ${amount.currency}`);
  }
  const match = DECIMAL_PATTERN.exec(rate.rate.trim());
  if (!match || match[1] === '-') throw new ValidationError(`"${rate.rate}" is not a valid exchange rate`);
  const rateFraction = match[3] ?? '';
  const rateInt = BigInt((match[2] ?? '0') + rateFraction);
  const scaleExp = rateFraction.length + minorDigits(rate.from) - minorDigits(rate.to);
  const numerator = amount.minor * rateInt * (scaleExp < 0 ? 10n ** BigInt(-scaleExp) : 1n);
  const denominator = scaleExp > 0 ? 10n ** BigInt(scaleExp) : 1n;
  return { minor: divideHalfEven(numerator, denominator), currency: rate.to };
}

/** Integer division rounded half to even, for negative numbers too. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}
