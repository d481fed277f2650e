import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreAll } from '../../../src/services/credit/recompute.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('the full rescore, page by page', () => {
  it('decides exactly what one page holding every company decides, page size notwithstanding', async () => {
    const ctx = testContext(testDeps(database));
    await seedDemo({ ctx });
    // Settle everything in one page, then small pages worked three at a time must find nothing to change.
    await rescoreAll(ctx, { pageSize: 1_000 });
    const paged = await rescoreAll(ctx, { pageSize: 7, concurrency: 3 });
    expect(paged).toEqual({ companies: 50, changed: 0, raised: 0, cleared: 0 });
  });

  it('writes every profile of companies it has never scored', async () => {
    const ctx = testContext(testDeps(database));
    await database.db.execute('delete from credit_profiles');
    const paged = await rescoreAll(ctx, { pageSize: 7 });
    expect(paged.companies).toBe(50);
    expect(paged.changed).toBe(50);
    // And one page over everything agrees with what the small pages wrote.
    expect(await rescoreAll(ctx, { pageSize: 1_000 })).toEqual({
      companies: 50,
      changed: 0,
      raised: 0,
      cleared: 0,
    });
  });
});
