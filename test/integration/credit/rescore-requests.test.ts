// A full listing leaves a portfolio rescore owed; the minute job works it once no sync is listing, once,
// and any full rescore that began after the request covers it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creditProfiles, creditRescoreRequests, syncRuns } from '../../../src/db/schema/index.ts';
import { requestedRescoreJob } from '../../../src/jobs/rescore.ts';
import { fireJob } from '../../../src/jobs/runner.ts';
import { cronExpressions } from '../../../src/jobs/schedule.ts';
import { rescoreAll } from '../../../src/services/credit/recompute.ts';
import {
  pendingRescore,
  requestRescore,
  runRequestedRescore,
} from '../../../src/services/credit/rescore-requests.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const company = await makeCompany(database.db);
  await makeInvoice(database.db, company.id, { amountMinor: 250_000n, dueOn: '2026-12-15' });
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await database.db.delete(creditRescoreRequests);
  await database.db.delete(syncRuns);
  await database.db.delete(creditProfiles);
});

const at = (iso: string) => new Date(iso);

/** A full sync run still marked running, last heard of at `heartbeatAt`. */
const syncRunning = (heartbeatAt: Date) =>
  database.db.insert(syncRuns).values({
    mode: 'full',
    objects: ['companies'],
    status: 'running',
    startedAt: new Date(heartbeatAt.getTime() - 30_000),
    heartbeatAt,
  });

describe('owed full rescores', () => {
  it('runs every minute, from the same cron trigger as the other minute jobs', () => {
    expect(requestedRescoreJob.cron).toBe('* * * * *');
    expect(cronExpressions()).toContain('* * * * *');
  });

  it('waits while a sync run is listing, then rescores once and forgets the request', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of companies');
    await syncRunning(at('2026-11-26T10:00:30Z'));
    const duringSync = { ...testContext(deps), now: at('2026-11-26T10:01:00Z') };
    expect(await runRequestedRescore(duringSync)).toBeNull();
    expect(await database.db.select().from(creditProfiles)).toEqual([]);

    await database.db.update(syncRuns).set({ status: 'succeeded' });
    const stats = await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:02:00Z') });
    expect(stats).toMatchObject({ companies: 1, changed: 1, reason: 'full sync of companies' });
    expect(await database.db.select().from(creditProfiles)).toHaveLength(1);
    expect(await pendingRescore(database.db)).toBeNull();
    // Nothing owed any more: the next fire does nothing.
    expect(await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:03:00Z') })).toBeNull();
  });

  it('is not held up by a sync run that died (no heartbeat for ten minutes)', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of invoices');
    await syncRunning(at('2026-11-26T09:30:00Z'));
    expect(await fireJob(requestedRescoreJob, deps, at('2026-11-26T10:01:00Z'), 'test')).toBe('ran');
    expect(await database.db.select().from(creditProfiles)).toHaveLength(1);
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('leaves a request claimed by a live runner alone, and takes it over once the claim expires', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of deals');
    await database.db.update(creditRescoreRequests).set({ claimedUntil: at('2026-11-26T10:30:00Z') });
    expect(await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:05:00Z') })).toBeNull();
    const stats = await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:31:00Z') });
    expect(stats?.companies).toBe(1);
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('counts as done when any full rescore began after it, and stays owed when it is newer', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of companies');
    await rescoreAll({ ...testContext(deps), now: at('2026-11-26T09:59:00Z') });
    expect(await pendingRescore(database.db)).toMatchObject({ reason: 'full sync of companies' });
    await rescoreAll({ ...testContext(deps), now: at('2026-11-26T10:00:01Z') });
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('keeps the latest request when asked again', async () => {
    await requestRescore(database.db, at('2026-11-26T10:05:00Z'), 'full sync of deals');
    await requestRescore(database.db, at('2026-11-26T10:01:00Z'), 'full sync of companies');
    expect(await pendingRescore(database.db)).toMatchObject({
      requestedAt: at('2026-11-26T10:05:00Z'),
      reason: 'full sync of deals',
    });
  });
});
