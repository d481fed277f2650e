// Row counts of every table, to show that a refused request changed nothing. One query, so a test can
// compare before and after cheaply.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows.ts';
import type { Queryable } from '../../src/db/types.ts';

export type RowCounts = Record<string, number>;

export async function rowCounts(db: Queryable, except: readonly string[] = []): Promise<RowCounts> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const wanted = tables.map((table) => table.name).filter((name) => !except.includes(name));
  if (wanted.length === 0) return {};
  const counts = sql.join(
    wanted.map((name) => sql`select ${name}::text as name, count(*)::int as n from ${sql.identifier(name)}`),
    sql` union all `,
  );
  const rows = await queryRows<{ name: string; n: number }>(db, counts);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}
