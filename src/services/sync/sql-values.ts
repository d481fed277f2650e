// Parameters for raw SQL that both drivers bind the same way: postgres.js does not serialize a Date
// passed to a raw query, so instants go in as ISO text with an explicit cast.

import { type SQL, sql } from 'drizzle-orm';

export const instantParam = (date: Date): SQL => sql`${date.toISOString()}::timestamptz`;
