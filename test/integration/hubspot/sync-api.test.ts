import { sql } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../../../src/cli/commands/sync.ts';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import { pendingRescore } from '../../../src/services/credit/rescore-requests.ts';
import { runSync } from '../../../src/services/sync/run.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { testCliEnv } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { hubspotConfig, seedPortal, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const slackLookups: string[] = [];
const server = setupServer(
  ...portal.handlers(),
  http.post('https://slack.com/api/users.lookupByEmail', async ({ request }) => {
    const email = new URLSearchParams(await request.text()).get('email') ?? '';
    slackLookups.push(email);
    return email === 'ana@example.com'
      ? HttpResponse.json({ ok: true, user: { id: 'U0ANA', tz: 'Europe/Berlin' } })
      : HttpResponse.json({ ok: false, error: 'users_not_found' });
  }),
);
const config = hubspotConfig({
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'slack-signing-secret',
});
let database: TestDatabase;

beforeAll(async () => {
  seedPortal(portal, { companies: 5, contacts: 5, deals: 2, invoices: 2 });
  portal.owners.push({
    id: '502',
    email: 'nobody@example.com',
    firstName: 'No',
    lastName: 'Body',
    archived: false,
  });
  server.listen({ onUnhandledFrame: 'error' });
  database = await createTestDatabase();
});
afterAll(async () => {
  server.close();
  await database.close();
});

const owner = (hubspotId: string) =>
  queryOne<{
    id: string;
    slack_user_id: string | null;
    slack_mapping_source: string | null;
    time_zone: string | null;
  }>(
    database.db,
    sql`select id, slack_user_id, slack_mapping_source, time_zone from owners where hubspot_owner_id = ${hubspotId}`,
  );

describe('sync API and owners', () => {
  it('POST /api/v1/sync starts a run that completes, and a second start while running is refused', async () => {
    const app = testApp(testDeps(database, { config }));
    const response = await app.request('/api/v1/sync', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ mode: 'full', objects: ['owners', 'companies'] }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    let status = 'running';
    for (let i = 0; i < 100 && status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status =
        (
          await queryOne<{ status: string }>(
            database.db,
            sql`select status from sync_runs where id = ${runId}`,
          )
        )?.status ?? '';
    }
    expect(status).toBe('succeeded');
    expect(
      (await queryOne<{ n: string }>(database.db, sql`select count(*)::text as n from companies`))?.n,
    ).toBe('5');

    const now = testDeps(database).clock.now();
    await database.db.execute(
      sql`insert into sync_runs (mode, objects, status, started_at, heartbeat_at, lease_until, holder)
        values ('full', '[]', 'running', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
          ${now.toISOString()}::timestamptz + interval '30 seconds', 'host other pid 7 (instance 0abc)')`,
    );
    const clash = await app.request('/api/v1/sync', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: '{}',
    });
    expect(clash.status).toBe(409);
    // The refusal names the process that holds the run and when it was last heard from.
    const problem = (await clash.json()) as { detail: string; lastHeardAt: string };
    expect(problem.detail).toContain('held by host other pid 7 (instance 0abc)');
    expect(problem.detail).toContain(`last heard from at ${now.toISOString()}`);
    expect(problem.lastHeardAt).toBe(now.toISOString());
    await database.db.execute(sql`update sync_runs set status = 'failed' where status = 'running'`);
  });

  it('maps owners to Slack users by email, and a manual override survives later lookups', async () => {
    expect(await owner('501')).toMatchObject({
      slack_user_id: 'U0ANA',
      slack_mapping_source: 'email',
      time_zone: 'Europe/Berlin',
    });
    expect(await owner('502')).toMatchObject({ slack_user_id: null });

    const app = testApp(testDeps(database, { config }));
    const ana = await owner('501');
    const put = await app.request(`/api/v1/owners/${ana?.id}/slack-user`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ slackUserId: 'U0OVERRIDE' }),
    });
    expect(put.status).toBe(200);
    const bad = await app.request(`/api/v1/owners/${ana?.id}/slack-user`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ slackUserId: 'not-an-id' }),
    });
    expect(bad.status).toBe(400);

    const deps = testDeps(database, { config });
    const lookupsBefore = slackLookups.length;
    const twoDaysLater = () => new Date(Date.now() + 2 * 86_400_000);
    await runSync({
      ctx: testContext(deps),
      crm: testCrm(config),
      clock: twoDaysLater,
      input: { mode: 'full', objects: ['owners'] },
    });
    expect(await owner('501')).toMatchObject({ slack_user_id: 'U0OVERRIDE', slack_mapping_source: 'manual' });
    // Only the unmatched owner is looked up again (a day later), never the manual one.
    expect(slackLookups.slice(lookupsBefore)).toEqual(['nobody@example.com']);
    const audit = await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from audit_log where action = 'owner.slack_user.set'`,
    );
    expect(audit?.n).toBe('1');
  });

  it('`creditline sync` prints a summary, and rejects unknown object types', async () => {
    const lines: string[] = [];
    const env = testCliEnv(database, config, lines);
    expect(await syncCommand.run(['--objects', 'companies,deals'], env)).toBe(0);
    expect(lines[0]).toMatch(/^Sync run \d+ \(incremental\) finished in/);
    expect(lines.find((line) => line.trim().startsWith('deals'))).toMatch(
      /deals +full +received 2, stored 2/,
    );
    // Listing everything (there was no watermark yet) left a full rescore owed, which the command works.
    const rescored = lines.findIndex((line) =>
      /^Rescored \d+ companies in [\d.]+ s \(\d+ profiles? changed/.test(line),
    );
    expect(rescored).toBeGreaterThan(0);
    expect(lines[rescored - 1]).toMatch(/requests +\d+ \(0 retries, 0 rate-limited, 0 errors\)/);
    // The portal's deals are in EUR and this portal has no rates: the last line says so and how to fix it.
    expect(lines.at(-1)).toMatch(/^No exchange rate to USD for EUR: .*fxRates/);
    expect(await pendingRescore(database.db)).toBeNull();
    await expect(syncCommand.run(['--objects', 'tickets'], env)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('owner mapping when Slack is down', () => {
  it('finishes the HubSpot sync and leaves the owner to be looked up next time', async () => {
    const deps = testDeps(database, { config });
    await database.db.execute(
      sql`update owners set slack_user_id = null, slack_mapping_source = null, slack_checked_at = null`,
    );
    server.use(
      http.post('https://slack.com/api/users.lookupByEmail', () =>
        HttpResponse.text('bad gateway', { status: 502 }),
      ),
    );
    try {
      const summary = await runSync({
        ctx: testContext(deps),
        crm: testCrm(config),
        input: { mode: 'incremental', objects: ['owners'] },
      });
      expect(summary.slack.failed).toBeGreaterThan(0);
      expect(summary.slack.matched).toBe(0);
    } finally {
      server.resetHandlers();
    }
    const unchecked = await queryRows<{ id: string }>(
      database.db,
      sql`select id from owners where slack_checked_at is null and email is not null`,
    );
    expect(unchecked.length).toBeGreaterThan(0);
  });
});
