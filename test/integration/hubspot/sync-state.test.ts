// A sync page's commit does not wait for the WAL flush (a page and its cursor are lost or kept
// together); the setting rides on the cursor write and stays inside that transaction.

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { readSyncState, writeSyncState } from '../../../src/services/sync/sync-state.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const setting = async (db: Parameters<typeof queryOne>[0]) =>
  (await queryOne<{ value: string }>(db, sql`select current_setting('synchronous_commit') as value`))?.value;

describe('sync state', () => {
  it('relaxes the commit flush of the page transaction that writes the cursor, and of no other', async () => {
    const state = {
      fullInProgress: true,
      cursor: '200',
      fullStartedAt: new Date('2026-11-26T10:00:00Z'),
      watermark: null,
      pass: '7',
      sweeping: false,
    };
    const inside = await database.db.transaction(async (tx) => {
      await writeSyncState(tx, 'companies', state, { relaxCommitFlush: true });
      return setting(tx);
    });
    expect(inside).toBe('off');
    expect(await setting(database.db)).toBe('on');
    expect(await readSyncState(database.db, 'companies')).toEqual(state);
  });
});
