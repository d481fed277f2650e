// Raw SQL rows differ by driver (bigint/numeric as bigint or string, dates as Date or string). These
// read one value the same way on both.

import { sql } from 'drizzle-orm';

export function big(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  const text = String(value);
  // sum() of bigint is numeric; it is integral here, but tolerate a ".0" rendering.
  return BigInt(text.includes('.') ? text.slice(0, text.indexOf('.')) : text);
}

export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** A set of uuids as one array parameter (`= any(...)`), the same on both drivers at any size. */
export function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** A set of texts as one array parameter. */
export function textArray(values: readonly string[]) {
  return sql`${arrayLiteral(values)}::text[]`;
}

/**
 * A Postgres array literal ('{…}') of texts, for one parameter cast to any array type (uuid[],
 * bigint[], jsonb[] via text[]): bulk writes pass one array per column and `unnest` them, which the
 * server parses much faster than one large JSON document.
 */
export function arrayLiteral(values: readonly (string | number | bigint | boolean | null)[]): string {
  // A full rescore passes a few hundred megabytes through here, so numbers skip quoting and the
  // escape uses a replacement pattern rather than a callback per character.
  const items = values.map((value) => {
    if (value === null) return 'NULL';
    if (typeof value !== 'string') return String(value);
    return `"${value.replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${items.join(',')}}`;
}
