// A full listing leaves a portfolio rescore owed; the minute job works it once no sync is listing, once,
// and any full rescore that began after the request covers it.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creditProfiles, creditRescoreRequests, syncRuns } from '../../../src/db/schema/index.ts';
import { requestedRescoreJob, rescoreJob } from '../../../src/jobs/rescore.ts';
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

/** A full sync run still marked running, last heard of at `heartbeatAt`, with a 30-second lease from then. */
const syncRunning = (heartbeatAt: Date) =>
  database.db.insert(syncRuns).values({
    mode: 'full',
    objects: ['companies'],
    status: 'running',
    startedAt: new Date(heartbeatAt.getTime() - 30_000),
    heartbeatAt,
    leaseUntil: new Date(heartbeatAt.getTime() + 30_000),
    holder: 'host test pid 1 (instance test)',
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
    const duringSync = { ...testContext(deps), now: at('2026-11-26T10:00:50Z') };
    expect(await runRequestedRescore(duringSync)).toEqual({ status: 'waiting_for_sync' });
    expect(await database.db.select().from(creditProfiles)).toEqual([]);

    await database.db.update(syncRuns).set({ status: 'succeeded' });
    const outcome = await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:02:00Z') });
    expect(outcome).toMatchObject({
      status: 'ran',
      reason: 'full sync of companies',
      stats: { companies: 1 },
    });
    expect(await database.db.select().from(creditProfiles)).toHaveLength(1);
    expect(await pendingRescore(database.db)).toBeNull();
    // Nothing owed any more: the next fire does nothing.
    expect(await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:03:00Z') })).toEqual({
      status: 'nothing_owed',
    });
  });

  it('is not held up by a sync run that died (its lease ran out)', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of invoices');
    await syncRunning(at('2026-11-26T10:00:20Z'));
    expect(await fireJob(requestedRescoreJob, deps, at('2026-11-26T10:01:00Z'), 'test')).toBe('ran');
    expect(await database.db.select().from(creditProfiles)).toHaveLength(1);
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('leaves a request claimed by a live runner alone, and takes it over once the claim expires', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of deals');
    const theirs = at('2026-11-26T10:30:00Z');
    await database.db.update(creditRescoreRequests).set({ claimedUntil: theirs });
    expect(await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:05:00Z') })).toEqual({
      status: 'claimed_elsewhere',
    });
    expect((await pendingRescore(database.db))?.claimedUntil).toEqual(theirs);
    const outcome = await runRequestedRescore({ ...testContext(deps), now: at('2026-11-26T10:31:00Z') });
    expect(outcome).toMatchObject({ status: 'ran', stats: { companies: 1 } });
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('stays owed when it is made again while a rescore runs, and releases only its own claim', async () => {
    const deps = testDeps(database);
    await makeCompany(database.db);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of companies');
    const otherLease = at('2026-11-26T11:00:00Z');
    let asked = false;
    // Between the first page and the second, a sync completes another listing, and (as if this runner's
    // claim had lapsed) another runner claims the request.
    const outcome = await runRequestedRescore(
      { ...testContext(deps), now: at('2026-11-26T10:01:00Z') },
      {
        concurrency: 1,
        onProgress: async () => {
          if (asked) return;
          asked = true;
          // Stamped before this rescore's "now" but committed after it began, as a sync page can be.
          await requestRescore(database.db, at('2026-11-26T10:00:59Z'), 'full sync of invoices');
          await database.db.update(creditRescoreRequests).set({ claimedUntil: otherLease });
        },
        pageSize: 1,
      },
    );
    expect(outcome.status).toBe('ran');
    // The rescore may have read some invoices before that listing committed: the request stays owed,
    // still held by the other runner.
    expect(await pendingRescore(database.db)).toMatchObject({
      reason: 'full sync of invoices',
      claimedUntil: otherLease,
      generation: 2n,
    });
  });

  it('is settled by a full rescore that began after it, whoever runs it', async () => {
    const deps = testDeps(database);
    await requestRescore(database.db, at('2026-11-26T10:00:00Z'), 'full sync of companies');
    await rescoreAll({ ...testContext(deps), now: at('2026-11-26T10:05:00Z') });
    expect(await pendingRescore(database.db)).toBeNull();
  });

  it('makes the nightly rescore wait for a sync that is listing, then the minute job runs it', async () => {
    const deps = testDeps(database);
    await syncRunning(at('2026-11-27T02:29:50Z'));
    expect(await fireJob(rescoreJob, deps, at('2026-11-27T02:30:00Z'), 'test')).toBe('ran');
    expect(await database.db.select().from(creditProfiles)).toEqual([]);
    expect(await pendingRescore(database.db)).toMatchObject({ reason: 'nightly rescore' });
    await database.db.update(syncRuns).set({ status: 'succeeded' });
    expect(await fireJob(requestedRescoreJob, deps, at('2026-11-27T02:31:00Z'), 'test')).toBe('ran');
    expect((await database.db.select().from(creditProfiles)).length).toBeGreaterThan(0);
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
