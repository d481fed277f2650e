// Input rules shared by the collections verbs: dates as YYYY-MM-DD, amounts as positive decimal text.

import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import { parseDecimal } from '../../domain/money.ts';
import { addDays, isoDate } from '../../lib/dates.ts';

export const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((value) => isoDate(new Date(`${value}T00:00:00Z`)) === value, 'is not a real date');

export const decimalAmount = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'must be an amount like 1250.00');

/** A positive amount in the currency's minor units, or a ValidationError naming the field. */
export function positiveMinor(text: string, currency: string, field = 'amount'): bigint {
  const { minor } = parseDecimal(text, currency);
  if (minor <= 0n) {
    throw new ValidationError(`The ${field} must be more than zero.`, [
      { path: field, message: 'must be positive' },
    ]);
  }
  return minor;
}

/** A date that is today or later (and not absurdly far), in the verb's "now". */
export function futureDay(
  day: string,
  now: Date,
  field: { label: string; path: string },
  maxDays: number,
  allowToday = true,
): string {
  const today = isoDate(now);
  const earliest = allowToday ? today : addDays(today, 1);
  if (day < earliest) {
    throw new ValidationError(
      `The ${field.label} must be ${allowToday ? 'today or later' : 'after today'}.`,
      [{ path: field.path, message: 'is in the past' }],
    );
  }
  if (day > addDays(today, maxDays)) {
    throw new ValidationError(`The ${field.label} must be within ${maxDays} days.`, [
      { path: field.path, message: 'is too far ahead' },
    ]);
  }
  return day;
}
