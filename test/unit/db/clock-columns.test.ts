// The database's clock may only stamp bookkeeping columns. Any time that drives behaviour (due, next
// attempt, requested, decided, written off) comes from the injected clock, so a column default of now()
// on such a column is a date bomb: the app's clock and the database's are two clocks.

import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema/index.ts';

/** Columns whose time the app's clock must set; none may fall back to the database's. */
const CLOCK_OWNED = [
  'outbox.next_attempt_at',
  'outbox.created_at',
  'approval_requests.created_at',
  'invoices.updated_at',
  'credit_policies.created_at',
];

function timestampColumns() {
  const tables: PgTable[] = Object.values(schema).flatMap((value) =>
    value instanceof PgTable ? [value] : [],
  );
  return tables.flatMap((table) => {
    const config = getTableConfig(table);
    return config.columns
      .filter((column) => column.columnType === 'PgTimestamp')
      .map((column) => ({ name: `${config.name}.${column.name}`, hasDefault: column.hasDefault }));
  });
}

describe('timestamp columns', () => {
  it('take the database clock only as bookkeeping (created_at, updated_at), never for a time with meaning', () => {
    const defaulted = timestampColumns().filter((column) => column.hasDefault);
    expect(defaulted.length).toBeGreaterThan(0);
    for (const column of defaulted) expect(column.name).toMatch(/\.(created_at|updated_at)$/);
  });

  it('leave the clock-owned columns without a default, so every writer must give the time', () => {
    const columns = new Map(timestampColumns().map((column) => [column.name, column.hasDefault]));
    for (const name of CLOCK_OWNED) expect(columns.get(name), name).toBe(false);
  });
});
