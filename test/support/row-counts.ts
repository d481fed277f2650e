// Row counts of every table, to show that a refused request changed nothing. The table list is read
// once per database handle; each call is then one query, so property tests can count around every
// request.

import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows.ts';
import type { Queryable } from '../../src/db/types.ts';

export type RowCounts = Record<string, number>;

const countQueries = new WeakMap<object, Map<string, SQL | null>>();

async function countQuery(db: Queryable, except: readonly string[]): Promise<SQL | null> {
  const cached = countQueries.get(db) ?? new Map<string, SQL | null>();
  countQueries.set(db, cached);
  const key = except.join(',');
  const known = cached.get(key);
  if (known !== undefined) return known;
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const wanted = tables.map((table) => table.name).filter((name) => !except.includes(name));
  // One text value holding every count, table names inlined (they come from the catalog and are plain
  // identifiers): a row per table, or bound parameters, made this several times slower on PGlite.
  const query =
    wanted.length === 0
      ? null
      : sql.raw(
          `select concat_ws(',', ${wanted.map((name) => `'${name}=' || (select count(*) from "${name}")`).join(', ')}) as counts`,
        );
  cached.set(key, query);
  return query;
}

export async function rowCounts(db: Queryable, except: readonly string[] = []): Promise<RowCounts> {
  const query = await countQuery(db, except);
  if (!query) return {};
  const [row] = await queryRows<{ counts: string }>(db, query);
  return Object.fromEntries(
    (row?.counts ?? '').split(',').map((entry) => {
      const [name = '', count = '0'] = entry.split('=');
      return [name, Number(count)];
    }),
  );
}
