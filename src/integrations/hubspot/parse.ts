// Strict readers for HubSpot property values, which arrive as strings or null. A value that does not
// parse throws a ValidationError; the record is then set aside with the reason rather than guessed at.
// Whatever passes here can be stored: text is well-formed and free of NUL, dates and instants fall in
// a range Postgres and the credit engine handle, amounts fit 64 bits, currencies are ISO 4217 codes.

import { ValidationError } from '../../domain/errors.ts';
import { parseDecimal, type Rounding } from '../../domain/money.ts';
import { isStorableText } from '../../lib/storable-text.ts';
import type { CrmAmount } from '../crm.ts';

/** Properties as received: HubSpot sends strings or null, but a changed property type may send anything. */
export type Properties = Record<string, unknown>;

export function text(properties: Properties, name: string): string | null {
  const value = properties[name];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    throw new ValidationError(`${name} is ${describeType(value)}, not text`);
  }
  if (!isStorableText(value)) throw new ValidationError(`${name} holds a character that cannot be stored`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function required(properties: Properties, name: string): string {
  const value = text(properties, name);
  if (value === null) throw new ValidationError(`${name} is empty`);
  return value;
}

export function flag(properties: Properties, name: string): boolean {
  const value = text(properties, name);
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw new ValidationError(`${name} "${value}" is not true or false`);
}

/** Dates and instants outside these years are typing errors, and some would not fit a Postgres date. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function inRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A calendar date: 'YYYY-MM-DD', an ISO date-time (its UTC date), or epoch milliseconds. */
export function date(properties: Properties, name: string): string | null {
  const value = text(properties, name);
  if (value === null) return null;
  const parts = DATE.exec(value);
  if (parts) {
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (!isCalendarDate(year, month, day))
      throw new ValidationError(`${name} "${value}" is not a calendar date`);
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new ValidationError(`${name} "${value}" is outside ${FIRST_YEAR}–${LAST_YEAR}`);
    }
    return value;
  }
  return instant(value, name).toISOString().slice(0, 10);
}

export function timestamp(properties: Properties, name: string): Date | null {
  const value = text(properties, name);
  return value === null ? null : instant(value, name);
}

/** An instant: epoch milliseconds or an ISO date-time with a zone, each field in its range. */
export function instant(value: unknown, name: string): Date {
  if (typeof value !== 'string') throw new ValidationError(`${name} is ${describeType(value)}, not a time`);
  let result: Date | undefined;
  if (/^\d{10,16}$/.test(value)) {
    result = new Date(Number(value));
  } else {
    const parts = DATE_TIME.exec(value);
    const field = (index: number) => Number(parts?.[index] ?? '0');
    if (
      parts &&
      isCalendarDate(field(1), field(2), field(3)) &&
      field(4) <= 23 &&
      field(5) <= 59 &&
      field(6) <= 59 &&
      field(7) <= 23 &&
      field(8) <= 59
    ) {
      result = new Date(value);
    }
  }
  if (!result || Number.isNaN(result.getTime())) {
    throw new ValidationError(`${name} "${value.slice(0, 64)}" is not a timestamp`);
  }
  if (!inRange(result)) throw new ValidationError(`${name} "${value}" is outside ${FIRST_YEAR}–${LAST_YEAR}`);
  return result;
}

export function amount(
  properties: Properties,
  name: string,
  currency: string,
  rounding: Rounding = 'reject',
): CrmAmount | null {
  const value = text(properties, name);
  if (value === null) return null;
  const parsed = parseDecimal(value, currency, rounding);
  return { minor: parsed.minor, currency: parsed.currency };
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** ISO 4217 codes the platform knows (and so knows the minor digits of); a well-formed 'XYZ' is not one. */
function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

/** The record's currency; `fallback` when the property is empty (null: it must be given). */
export function currencyCode(properties: Properties, name: string, fallback: string | null): string {
  const value = text(properties, name);
  if (value === null) {
    if (fallback === null) throw new ValidationError(`${name} is empty`);
    return fallback;
  }
  const upper = value.toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) throw new ValidationError(`${name} "${value}" is not a currency code`);
  if (!isKnownCurrency(upper))
    throw new ValidationError(`${name} "${value}" is not a known ISO 4217 currency`);
  return upper;
}
