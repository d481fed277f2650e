import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreAll, rescoreAllPaged } from '../../../src/services/credit/recompute.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('the paged full rescore (end of a full sync)', () => {
  it('decides exactly what the one-pass rescore decides, page size notwithstanding', async () => {
    const ctx = testContext(testDeps(database));
    await seedDemo({ ctx });
    // Settle everything with the one-pass rescore, then the paged one must find nothing to change.
    await rescoreAll(ctx);
    const paged = await rescoreAllPaged(ctx, 7);
    expect(paged).toEqual({ companies: 50, changed: 0, raised: 0, cleared: 0 });
  });

  it('writes every profile of companies it has never scored', async () => {
    const ctx = testContext(testDeps(database));
    await database.db.execute('delete from credit_profiles');
    const paged = await rescoreAllPaged(ctx, 7);
    expect(paged.companies).toBe(50);
    expect(paged.changed).toBe(50);
    // And the one-pass rescore agrees with what the pages wrote.
    expect(await rescoreAll(ctx)).toEqual({ companies: 50, changed: 0, raised: 0, cleared: 0 });
  });
});
