// Parameters for raw SQL that both drivers bind the same way: postgres.js does not serialize a Date
// passed to a raw query, so instants go in as ISO text with an explicit cast.

import { type SQL, sql } from 'drizzle-orm';

export const instantParam = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;

/**
 * `= any(...)` over a list passed as one JSON parameter. Written as an array (not `in (select …)`) so
 * the planner probes the index once per value instead of hashing a scan of the whole table.
 */
export const anyText = (values: readonly string[]): SQL =>
  sql`any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;

export const anyUuid = (values: readonly string[]): SQL =>
  sql`any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid))`;
