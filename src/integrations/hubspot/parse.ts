// Strict readers for HubSpot property values, which arrive as strings or null. A value that does not
// parse throws a ValidationError; the record is then skipped and counted rather than guessed at.

import { ValidationError } from '../../domain/errors.ts';
import { parseDecimal, type Rounding } from '../../domain/money.ts';
import type { CrmAmount } from '../crm.ts';

export type Properties = Record<string, string | null | undefined>;

export function text(properties: Properties, name: string): string | null {
  const value = properties[name];
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date: 'YYYY-MM-DD', an ISO date-time (its UTC date), or epoch milliseconds. */
export function date(properties: Properties, name: string): string | null {
  const value = text(properties, name);
  if (value === null) return null;
  if (DATE.test(value)) {
    if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      throw new ValidationError(`${name} "${value}" is not a calendar date`);
    }
    return value;
  }
  return instant(value, name).toISOString().slice(0, 10);
}

export function timestamp(properties: Properties, name: string): Date | null {
  const value = text(properties, name);
  return value === null ? null : instant(value, name);
}

export function instant(value: string, name: string): Date {
  let result: Date | undefined;
  if (/^\d{10,16}$/.test(value)) result = new Date(Number(value));
  else if (DATE_TIME.test(value)) result = new Date(value);
  if (!result || Number.isNaN(result.getTime())) {
    throw new ValidationError(`${name} "${value}" is not a timestamp`);
  }
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

export function currencyCode(properties: Properties, name: string, fallback: string): string {
  const value = text(properties, name);
  if (value === null) return fallback;
  const upper = value.toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) throw new ValidationError(`${name} "${value}" is not a currency code`);
  return upper;
}
