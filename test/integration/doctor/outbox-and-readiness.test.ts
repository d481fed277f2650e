// The outbox lines (dead letters; the oldest pending row's age against the injected clock), readiness's
// one-line warning (detail for the admin only), and the warning the start log writes.

import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema/index.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { outboxChecks } from '../../../src/services/doctor/outbox-checks.ts';
import { logDoctorFindings } from '../../../src/services/doctor/startup.ts';
import { MANIFEST_BOT_SCOPES } from '../../msw/slack.ts';
import { adminHeaders, testApp, testConfig, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

const NOW = new Date('2026-11-26T12:00:00Z');
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('outbox lines', () => {
  beforeEach(async () => {
    await database.db.delete(outbox);
  });
  const row = (status: 'pending' | 'dead', minutesAgo: number) => ({
    target: 'slack.chat.postMessage',
    payload: {},
    status,
    nextAttemptAt: NOW,
    createdAt: new Date(NOW.getTime() - minutesAgo * 60_000),
  });

  it('is ok with nothing dead and nothing waiting long', async () => {
    await database.db.insert(outbox).values(row('pending', 2));
    expect(await outboxChecks(database.db, NOW)).toEqual([
      { area: 'outbox', check: 'outbox.dead', status: 'ok', message: 'no dead letters' },
      {
        area: 'outbox',
        check: 'outbox.pending',
        status: 'ok',
        message: '1 pending, the oldest for 2 min (since 2026-11-26T11:58:00.000Z)',
      },
    ]);
  });

  it('counts dead letters and warns about a pending row older than a quarter of an hour', async () => {
    await database.db
      .insert(outbox)
      .values([row('dead', 600), row('dead', 30), row('pending', 180), row('pending', 1)]);
    const [dead, pending] = await outboxChecks(database.db, NOW);
    expect(dead).toMatchObject({
      status: 'warning',
      message: '2 dead letters: effects that were given up on',
      fix: expect.stringContaining('npx creditline outbox retry --all'),
    });
    expect(pending).toMatchObject({
      status: 'warning',
      message:
        '2 pending, the oldest for 3 h (since 2026-11-26T09:00:00.000Z): nothing seems to deliver them',
    });
  });
});

describe('GET /readyz', () => {
  // HubSpot switched on without its client secret: an error the configuration alone shows.
  const broken = () =>
    testConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-x', PUBLIC_BASE_URL: 'https://credit.example.com' });

  it('stays ready, with one warning line and no detail for an anonymous caller', async () => {
    const response = await testApp(testDeps(database, { config: broken() })).request('/readyz');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.warning).toBe(
      'the doctor reports 1 error, 1 warning: HUBSPOT_CLIENT_SECRET is not set: every HubSpot webhook and card fetch is refused; run `npx creditline doctor`',
    );
    expect(body.doctor).toBeUndefined();
  });

  it('shows the findings to the admin token', async () => {
    const response = await testApp(testDeps(database, { config: broken() })).request('/readyz', {
      headers: adminHeaders(),
    });
    const body = await response.json();
    expect(body.doctor).toEqual([
      expect.objectContaining({ check: 'config.hubspot', status: 'error' }),
      expect.objectContaining({ check: 'config.slack', status: 'warning' }),
    ]);
  });

  it('has no warning when the configuration holds no error', async () => {
    const body = await (await testApp(testDeps(database)).request('/readyz')).json();
    expect(body.status).toBe('ready');
    expect(body.warning).toBeUndefined();
  });
});

describe('the start log', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackHarness({ scopes: MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'users:read.email') });
  });
  afterAll(async () => h?.close());

  function capture() {
    const entries: { level: string; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        entries.push(JSON.parse(String(chunk)));
        done();
      },
    });
    return { entries, logger: createLogger('info', stream) };
  }

  it('warns in one line, naming the missing scope, when the doctor finds an error', async () => {
    const { entries, logger } = capture();
    await logDoctorFindings({ ...h.deps, logger });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 'warn' });
    expect(entries[0]?.msg).toMatch(
      /^the doctor reports 1 error, \d+ warnings?: the bot token lacks "users:read.email", needed for matching HubSpot owners to Slack users by email; run `npx creditline doctor`$/,
    );
  });

  it('says nothing when the doctor finds no error', async () => {
    h.fake.scopes = [...MANIFEST_BOT_SCOPES];
    const { entries, logger } = capture();
    await logDoctorFindings({ ...h.deps, logger });
    expect(entries).toEqual([]);
  });
});
