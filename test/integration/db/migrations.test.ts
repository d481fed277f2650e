import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationStatus } from '../../../src/db/migrations-status.ts';
import { queryRows } from '../../../src/db/rows.ts';
import { auditLog } from '../../../src/db/schema/index.ts';
import { createTestDatabase, type TestDatabase, usingServer } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe(`migrations on ${usingServer ? 'the PostgreSQL server' : 'embedded PGlite'}`, () => {
  it('applies every migration in the journal, and a second run is a no-op', async () => {
    const before = await migrationStatus(database.db);
    expect(before.applied).toBe(before.expected);
    await database.migrate();
    expect(await migrationStatus(database.db)).toEqual(before);
  });

  it('creates the whole domain', async () => {
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'companies',
        'contacts',
        'deals',
        'deal_contacts',
        'owners',
        'invoices',
        'payments',
        'credit_profiles',
        'risk_flags',
        'credit_policies',
        'fx_rates',
        'approvers',
        'approval_requests',
        'approval_decisions',
        'grievances',
        'grievance_messages',
        'promises_to_pay',
        'invoice_snoozes',
        'dunning_alerts',
        'audit_log',
        'outbox',
        'inbox',
        'sync_state',
        'sync_runs',
        'job_fires',
        'financial_statements',
      ]),
    );
  });

  it('stores money as bigint and reads it back exactly', async () => {
    const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
      database.db,
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and column_name like '%minor'`,
    );
    expect(columns.length).toBeGreaterThan(10);
    for (const column of columns)
      expect(column.data_type, `${column.table_name}.${column.column_name}`).toBe('bigint');
  });

  it('keeps the audit log append-only', async () => {
    await database.db.insert(auditLog).values({
      at: new Date('2026-01-01T00:00:00Z'),
      actor: 'test',
      action: 'probe',
      entityType: 'test',
      entityId: '1',
    });
    await expect(database.db.update(auditLog).set({ action: 'changed' })).rejects.toThrow();
    await expect(database.db.delete(auditLog)).rejects.toThrow();
    const rows = await database.db.select().from(auditLog);
    expect(rows.map((row) => row.action)).toEqual(['probe']);
  });
});
