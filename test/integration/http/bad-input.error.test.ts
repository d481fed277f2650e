// Bad input is a 4xx, never a 500: text Postgres cannot store, integers beyond 64 bits and wrong
// shapes are refused at the edge with the field named (API), or acknowledged and kept as rejected
// (Slack, HubSpot, which retry 5xx). Nothing else is written. A value that slips past validation and is
// refused by the database still answers 400.

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../../src/db/schema/index.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { CLIENT_SECRET, hubspotConfig } from '../../support/hubspot.ts';
import { deliver, hubspotEvent } from '../../support/hubspot-webhooks.ts';
import { rowCounts } from '../../support/row-counts.ts';
import { JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';
import { makeCompany } from '../credit/factories.ts';

let database: TestDatabase;
let slack: SlackHarness;
beforeAll(async () => {
  database = await createTestDatabase();
  slack = await slackHarness();
});
afterAll(async () => {
  await database?.close();
  await slack?.close();
});

const appWith = () => {
  const deps = testDeps(database, { config: hubspotConfig() });
  return { app: testApp(deps), deps };
};

interface Problem {
  status: number;
  code: string;
  issues?: { path: string; message: string }[];
}

async function expectProblem(response: Response, field: string) {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem.code).toBe('validation_failed');
  expect(problem.issues?.map((issue) => issue.path)).toContain(field);
}

describe('admin API: refused at the edge, field named, nothing written', () => {
  it('refuses a NUL byte in a search', async () => {
    const { app } = appWith();
    await expectProblem(await app.request('/api/v1/companies?q=a%00b', { headers: adminHeaders() }), 'q');
  });

  it('reads percent-encoded invalid UTF-8 in a search as a replacement character, not an error', async () => {
    const { app } = appWith();
    const url = `/api/v1/companies?q=${encodeURIComponent('a')}%ED%A0%80`;
    const response = await app.request(url, { headers: adminHeaders() });
    // Percent-decoding turns invalid UTF-8 into U+FFFD, which is storable: a search, not an error.
    expect(response.status).toBe(200);
  });

  it('refuses a NUL in a credit-limit reason and writes no audit row', async () => {
    const { app } = appWith();
    const company = await makeCompany(database.db);
    const before = await rowCounts(database.db);
    const response = await app.request(`/api/v1/companies/${company.id}/credit-limit`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ limitMinor: '100', reason: '\u0000' }),
    });
    await expectProblem(response, 'reason');
    expect(await rowCounts(database.db)).toEqual(before);
  });

  it('refuses a lone surrogate in a JSON body', async () => {
    const { app } = appWith();
    const company = await makeCompany(database.db);
    const response = await app.request(`/api/v1/companies/${company.id}/credit-limit`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: '{"limitMinor":"100","reason":"\\ud800 alone"}',
    });
    await expectProblem(response, 'reason');
  });

  it('refuses an outbox cursor beyond 64 bits', async () => {
    const { app } = appWith();
    await expectProblem(
      await app.request('/api/v1/outbox?before=18446744073709551616', { headers: adminHeaders() }),
      'before',
    );
  });

  it('refuses outbox retry ids beyond 64 bits', async () => {
    const { app } = appWith();
    const response = await app.request('/api/v1/outbox/retry', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ids: ['18446744073709551616'] }),
    });
    await expectProblem(response, 'ids.0');
  });

  it('refuses a limit beyond 64 bits', async () => {
    const { app } = appWith();
    const company = await makeCompany(database.db);
    const response = await app.request(`/api/v1/companies/${company.id}/credit-limit`, {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ limitMinor: '9223372036854775808', reason: 'too much' }),
    });
    await expectProblem(response, 'limitMinor');
  });

  it('refuses a policy version beyond the integer range', async () => {
    const { app } = appWith();
    await expectProblem(
      await app.request('/api/v1/policy/versions/99999999999', { headers: adminHeaders() }),
      'version',
    );
  });

  it('names the nested field of free-form JSON that holds a NUL', async () => {
    const { app } = appWith();
    const before = await rowCounts(database.db);
    const response = await app.request('/api/v1/invoices/batch', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ rows: [{ externalId: 'x\u0000y' }] }),
    });
    await expectProblem(response, 'rows.0.externalId');
    expect(await rowCounts(database.db)).toEqual(before);
  });

  it('refuses free-form JSON nested deeper than 32 levels', async () => {
    const { app } = appWith();
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    const response = await app.request('/api/v1/policy', {
      method: 'PUT',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: `{"reason":"deep","policy":${deep}}`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).issues?.[0]?.message).toContain('deeper than 32');
  });
});

describe('the database refusal net', () => {
  it('answers 400 problem+json when Postgres refuses a value validation let through', async () => {
    const { app, deps } = appWith();
    // A route with no validation at all, standing in for a check someone forgot.
    app.get('/unvalidated', async (c) => {
      await deps.db.execute(sql`select ${c.req.query('text') ?? ''}::text as echoed`);
      return c.json({ ok: true });
    });
    app.get('/unvalidated-number', async (c) => {
      await deps.db.execute(sql`select ${c.req.query('n') ?? '0'}::bigint as n`);
      return c.json({ ok: true });
    });
    const nul = await app.request('/unvalidated?text=a%00b');
    expect(nul.status).toBe(400);
    expect(nul.headers.get('content-type')).toContain('application/problem+json');
    expect(await nul.json()).toMatchObject({ code: 'invalid_input', status: 400 });
    const big = await app.request('/unvalidated-number?n=18446744073709551616');
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ code: 'invalid_input' });
    const notANumber = await app.request('/unvalidated-number?n=abc');
    expect(notANumber.status).toBe(400);
  });

  it('still answers 500 for errors that are not about input', async () => {
    const { app, deps } = appWith();
    app.get('/broken', async (c) => {
      await deps.db.execute(sql`select * from no_such_table`);
      return c.json({ ok: true });
    });
    const response = await app.request('/broken');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'internal' });
  });
});

describe('HubSpot webhooks: unprocessable events acknowledged and kept as rejected', () => {
  const rejectedRows = () =>
    database.db.select().from(inbox).where(eq(inbox.status, 'rejected')).orderBy(inbox.key);

  it('rejects an objectId beyond 64 bits and records the good event beside it', async () => {
    const { app, deps } = appWith();
    const good = hubspotEvent({ subscriptionType: 'company.propertyChange', objectId: 4242 }, 10);
    const body = `[${JSON.stringify(good)},{"eventId":7,"subscriptionId":2,"occurredAt":11,"subscriptionType":"company.creation","objectId":18446744073709551616}]`;
    const before = (await rejectedRows()).length;
    const response = await deliver(app, body, { secret: CLIENT_SECRET, now: deps.clock.now() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 2, recorded: 1, rejected: 1 });
    const rows = await rejectedRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.some((row) => row.error?.startsWith('objectId:'))).toBe(true);
    // A retry of the same delivery is recorded once.
    await deliver(app, body, { secret: CLIENT_SECRET, now: deps.clock.now() });
    expect(await rejectedRows()).toHaveLength(before + 1);
  });

  it('rejects an event with a NUL in its text, keeping the event as storable JSON text', async () => {
    const { app, deps } = appWith();
    const event = hubspotEvent(
      { subscriptionType: 'company.propertyChange', objectId: 1, propertyName: 'n\u0000' },
      12,
    );
    const response = await deliver(app, JSON.stringify([event]), {
      secret: CLIENT_SECRET,
      now: deps.clock.now(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, recorded: 0, rejected: 1 });
    const [row] = await database.db
      .select()
      .from(inbox)
      .where(sql`${inbox.status} = 'rejected' and ${inbox.error} like 'propertyName:%'`);
    expect(row?.payload).toMatchObject({ excerpt: expect.stringContaining('"propertyName":"n\\u0000"') });
  });

  it('acknowledges a body that is not JSON at all', async () => {
    const { app, deps } = appWith();
    const response = await deliver(app, '[{"eventId":', { secret: CLIENT_SECRET, now: deps.clock.now() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, recorded: 0, rejected: 1 });
  });
});

describe('Slack: unprocessable deliveries acknowledged and kept as rejected', () => {
  const send = (body: unknown) => slack.send(JSON.stringify(body), JSON_TYPE);
  const slackRejected = () =>
    slack.database.db
      .select()
      .from(inbox)
      .where(sql`${inbox.source} = 'slack' and ${inbox.status} = 'rejected'`);

  it('acknowledges an event_id with a NUL and reaches no listener', async () => {
    const before = await rowCounts(slack.database.db, ['inbox']);
    const response = await send({
      type: 'event_callback',
      event_id: 'Ev\u0000x',
      event: { type: 'app_mention', text: 'hi', user: 'U1', channel: 'C1', ts: '1.1' },
    });
    expect(response.status).toBe(200);
    expect(slack.fake.calls).toHaveLength(0);
    expect(await rowCounts(slack.database.db, ['inbox'])).toEqual(before);
    expect((await slackRejected()).some((row) => row.error?.startsWith('event_id:'))).toBe(true);
  });

  it.each([
    ['a string', 'x'],
    ['a boolean', true],
    ['missing', undefined],
  ])('acknowledges an event_callback whose event is %s, once per event id', async (_label, event) => {
    const eventId = `EvBad${String(event)}`;
    const response = await send({ type: 'event_callback', event_id: eventId, event });
    expect(response.status).toBe(200);
    const [row] = await slack.database.db.select().from(inbox).where(eq(inbox.key, eventId));
    expect(row?.status).toBe('rejected');
    expect(row?.error).toContain('event');
    // Slack's retry of it is dropped as a duplicate, never processed.
    const retry = await slack.send(
      JSON.stringify({ type: 'event_callback', event_id: eventId, event }),
      JSON_TYPE,
      {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
      },
    );
    expect(retry.status).toBe(200);
    const [after] = await slack.database.db.select().from(inbox).where(eq(inbox.key, eventId));
    expect(after?.status).toBe('rejected');
    expect(slack.fake.calls).toHaveLength(0);
  });
});
