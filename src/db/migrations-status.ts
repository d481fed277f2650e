// Readiness: the database answers and every migration in the journal has been applied.

import { sql } from 'drizzle-orm';
import journal from '../../migrations/meta/_journal.json' with { type: 'json' };
import { queryOne } from './rows.ts';
import type { Queryable } from './types.ts';

export interface MigrationStatus {
  expected: number;
  applied: number;
}

export async function migrationStatus(db: Queryable): Promise<MigrationStatus> {
  const row = await queryOne<{ applied: number | string }>(
    db,
    sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
  );
  return { expected: journal.entries.length, applied: Number(row?.applied ?? 0) };
}
