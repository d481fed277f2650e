// Raw SQL results differ by driver (postgres.js returns an array, PGlite an object with `rows`).
// Set-based queries go through here so callers see one shape.

import type { SQL } from 'drizzle-orm';
import type { Queryable } from './types.ts';

export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

export async function queryOne<T extends Record<string, unknown>>(
  db: Queryable,
  query: SQL,
): Promise<T | undefined> {
  const rows = await queryRows<T>(db, query);
  return rows[0];
}
