// The budget follows the portal: a portal on 100 requests per rolling 10 s (Free and Starter), which
// answers 429 to the 101st as HubSpot does, is never sent more than 100 in any 10 s over a sync that
// spans several windows. Budget and portal share a virtual clock, so the windows pass without waiting.

import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { DEFAULT_REQUESTS_PER_10S } from '../../../src/integrations/hubspot/rate-budget.ts';
import { sleep } from '../../../src/lib/sleep.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal, HUBSPOT_BASE, TEST_ACCESS_TOKEN } from '../../msw/hubspot.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

/** Virtual milliseconds: they move only when the budget waits. */
let virtual = 0;
const now = () => virtual;
/** A wait passes at once in virtual time, after letting requests already sent reach the portal. */
const virtualSleep = async (ms: number) => {
  await sleep(2);
  virtual += ms;
};

const portal = new FakePortal({ now });
const server = setupServer(...portal.handlers());
let database: TestDatabase;
const COMPANIES = 1_500;

beforeAll(async () => {
  portal.gate.rateLimit = { max: 100, intervalMs: 10_000, enforce: true };
  // Pages of 5 make a small portal cost as many requests as a large one.
  portal.listPageSize = 5;
  seedPortal(portal, { companies: COMPANIES, contacts: 0, deals: 0, invoices: 0 });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

/** The most requests the portal saw within any rolling window of `windowMs` ending at a request. */
function busiestWindow(times: number[], windowMs: number): number {
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[start] ?? 0) <= (times[end] ?? 0) - windowMs) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

describe('rate budget from the portal', () => {
  it('the test portal enforces its limit: the 101st request within 10 s gets a 429', async () => {
    const before = portal.log.length;
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) {
      const response = await fetch(`${HUBSPOT_BASE}/crm/owners/2026-09`, {
        headers: { authorization: `Bearer ${TEST_ACCESS_TOKEN}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true);
    expect(statuses[100]).toBe(429);
    expect(portal.log.length - before).toBe(101);
    virtual += 10_000;
  });

  it('a sync across several windows never sends more than the portal allows, and meets no 429', async () => {
    const config = hubspotConfig();
    expect(config.HUBSPOT_REQUESTS_PER_10S).toBeUndefined();
    const crm = testCrm(config, {
      perTenSeconds: DEFAULT_REQUESTS_PER_10S,
      followPortal: true,
      searchPerSecond: config.HUBSPOT_SEARCH_PER_SECOND,
      now,
      sleep: virtualSleep,
    });
    const from = portal.log.length;
    const started = virtual;
    const summary = await runSync({
      ctx: testContext(testDeps(database, { config })),
      crm,
      input: { mode: 'full', objects: ['owners', 'companies'] },
    });
    const sent = portal.log.slice(from);
    expect(summary.objects.companies?.stored).toBe(COMPANIES);
    expect(sent.length).toBeGreaterThan(300);
    expect(sent.filter((entry) => entry.status === 429)).toEqual([]);
    expect(
      busiestWindow(
        sent.map((entry) => entry.at),
        10_000,
      ),
    ).toBeLessThanOrEqual(100);
    expect(virtual - started).toBeGreaterThanOrEqual(30_000);
    expect(crm.rateLimit()).toMatchObject({ max: 100, intervalMs: 10_000, budget: 95 });
    expect(crm.stats().rateLimited).toBe(0);
    const stored = await queryOne<{ n: string }>(database.db, sql`select count(*)::text as n from companies`);
    expect(stored?.n).toBe(String(COMPANIES));
  });
});
