import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobFires } from '../../../src/db/schema/index.ts';
import { fireJob } from '../../../src/jobs/runner.ts';
import type { JobDefinition } from '../../../src/jobs/types.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { startNodeRuntime } from '../../../src/runtime/node.ts';
import { testConfig } from '../../support/app.ts';
import { createTestDatabase, openSecondHandle, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const config = testConfig({ PORT: '0', SEED_DEMO: 'false', OUTBOX_POLL_MS: '50' });

describe('scheduled jobs with two app instances on one database', () => {
  it('runs each fire once, whichever instance claims it', async () => {
    const runs: string[] = [];
    const probe: JobDefinition = {
      name: 'probe-every-second',
      cron: '* * * * * *',
      description: 'test job',
      async run(_deps, now) {
        runs.push(now.toISOString());
      },
    };
    const second = await openSecondHandle(database);
    const [a, b] = await Promise.all([
      startNodeRuntime({ config, logger: silentLogger, database, jobs: [probe] }),
      startNodeRuntime({ config, logger: silentLogger, database: second, jobs: [probe] }),
    ]);
    try {
      await expect.poll(() => runs.length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    } finally {
      await Promise.all([a.shutdown('test'), b.shutdown('test')]);
      await second.close();
    }
    expect(new Set(runs).size).toBe(runs.length);
    const claims = await database.db.select().from(jobFires);
    expect(claims.length).toBe(runs.length);
    expect(claims.every((claim) => claim.finishedAt !== null && claim.error === null)).toBe(true);
  });

  it('lets only one of two concurrent claims of the same fire run, and records failures', async () => {
    let ran = 0;
    const job: JobDefinition = {
      name: 'probe-claim',
      cron: '0 * * * *',
      description: 'test job',
      async run() {
        ran++;
        throw new Error('boom');
      },
    };
    const second = await openSecondHandle(database);
    const deps = (db: typeof database.db) => ({
      config,
      db,
      driver: database.driver,
      logger: silentLogger,
      clock: { now: () => new Date('2026-11-26T10:00:05Z') },
    });
    const at = new Date('2026-11-26T10:00:00.250Z');
    try {
      const outcomes = await Promise.all([
        fireJob(job, deps(database.db), at, 'replica-a'),
        fireJob(job, deps(second.db), at, 'replica-b'),
      ]);
      expect(outcomes.sort()).toEqual(['claimed_elsewhere', 'failed']);
      expect(ran).toBe(1);
      // A rerun of the same fire (a retried cron) does nothing.
      expect(await fireJob(job, deps(database.db), at, 'replica-a')).toBe('claimed_elsewhere');
    } finally {
      await second.close();
    }
  });
});
