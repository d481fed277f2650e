import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditPortfolio, creditProfiles, riskFlags } from '../../../src/db/schema/index.ts';
import { fireJob } from '../../../src/jobs/runner.ts';
import { cronExpressions, schedule } from '../../../src/jobs/schedule.ts';
import { rescoreAll } from '../../../src/services/credit/recompute.ts';
import { testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('nightly rescore job', () => {
  it('is in the schedule and rescores every company with flags, as of its fire time', async () => {
    const job = schedule.find((entry) => entry.name === 'credit-rescore');
    expect(job?.cron).toBe('30 2 * * *');
    expect(cronExpressions()).toContain('30 2 * * *');
    if (!job) throw new Error('credit-rescore is not scheduled');
    const deps = testDeps(database);
    const companies = await Promise.all([1, 2, 3].map(() => makeCompany(database.db)));
    for (const [index, company] of companies.entries()) {
      await makeInvoice(database.db, company.id, {
        amountMinor: BigInt(100_000 * (index + 1)),
        dueOn: '2026-12-15',
      });
    }
    expect(await fireJob(job, deps, new Date('2026-11-27T02:30:00Z'), 'test')).toBe('ran');
    const profiles = await database.db.select().from(creditProfiles);
    expect(profiles).toHaveLength(3);
    expect(
      profiles.every((profile) => profile.computedAt?.toISOString() === '2026-11-27T02:30:00.000Z'),
    ).toBe(true);
    const [portfolio] = await database.db.select().from(creditPortfolio);
    expect(portfolio).toMatchObject({ receivablesBaseMinor: 600_000n, companies: 3 });
    // The largest customer holds half the receivables: CONCENTRATION (policy threshold 20%).
    const largest = companies[2];
    if (!largest) throw new Error('three companies');
    const flags = await database.db.select().from(riskFlags).where(eq(riskFlags.companyId, largest.id));
    expect(flags.find((flag) => flag.code === 'CONCENTRATION')?.facts).toMatchObject({ shareBps: 5000 });

    // Once the invoices are past due, the next fire raises OVERDUE for all three.
    expect(await fireJob(job, deps, new Date('2026-12-17T02:30:00Z'), 'test')).toBe('ran');
    const overdue = await database.db.select().from(riskFlags).where(eq(riskFlags.code, 'OVERDUE'));
    expect(overdue).toHaveLength(3);
  });

  it('works pages two at a time, on either driver, and counts every company once', async () => {
    const deps = testDeps(database);
    const extra = await Promise.all([1, 2, 3, 4, 5].map(() => makeCompany(database.db)));
    const seen: number[] = [];
    const stats = await rescoreAll(
      {
        db: deps.db,
        config: deps.config,
        logger: deps.logger,
        actor: { kind: 'system', id: 'test' },
        now: new Date('2026-12-18T02:30:00Z'),
        clock: deps.clock,
      },
      {
        pageSize: 2,
        onProgress: (done) => {
          seen.push(done);
        },
      },
    );
    const total = 3 + extra.length;
    expect(stats.companies).toBe(total);
    expect(seen.at(-1)).toBe(total);
    // Pages of at least two end where a uuid bucket ends, so there are at most half as many as companies.
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(total / 2));
    expect(await database.db.select().from(creditProfiles)).toHaveLength(total);
  });
});
