import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { signHubspotV3 } from '../../../src/integrations/hubspot/signature.ts';
import { testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { CLIENT_SECRET, hubspotConfig } from '../../support/hubspot.ts';
import { deliver, hubspotEvent, hubspotSignature } from '../../support/hubspot-webhooks.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const inboxCount = async () =>
  Number((await queryOne<{ n: string }>(database.db, sql`select count(*)::text as n from inbox`))?.n);

function setup(overrides: Record<string, string> = {}) {
  const deps = testDeps(database, { config: hubspotConfig(overrides) });
  return { app: testApp(deps), now: deps.clock.now() };
}

const body = (objectId: number | string) =>
  JSON.stringify([
    hubspotEvent(
      { subscriptionType: 'object.propertyChange', objectTypeId: '0-2', objectId, propertyName: 'name' },
      1,
    ),
  ]);

describe('POST /hubspot/webhooks signature v3', () => {
  it('matches the documented HMAC for a fixed vector', async () => {
    const request = {
      method: 'POST',
      uri: 'https://example.com/hubspot/webhooks',
      body: '[]',
      timestamp: '1764158400000',
    };
    expect(await signHubspotV3('secret', request)).toBe(
      hubspotSignature('secret', 'POST', 'https://example.com/hubspot/webhooks', '[]', '1764158400000'),
    );
  });

  it('accepts a valid signature and records the event', async () => {
    const { app, now } = setup();
    const before = await inboxCount();
    const response = await deliver(app, body(101), { secret: CLIENT_SECRET, now });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, recorded: 1, rejected: 0 });
    expect(await inboxCount()).toBe(before + 1);
  });

  it('rejects a tampered body with 401 and records nothing', async () => {
    const { app, now } = setup();
    const before = await inboxCount();
    const signedBody = body(102);
    const timestamp = String(now.getTime());
    const response = await app.request('http://localhost/hubspot/webhooks', {
      method: 'POST',
      headers: {
        'x-hubspot-signature-v3': hubspotSignature(
          CLIENT_SECRET,
          'POST',
          'http://localhost/hubspot/webhooks',
          signedBody,
          timestamp,
        ),
        'x-hubspot-request-timestamp': timestamp,
      },
      body: signedBody.replace('102', '103'),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await inboxCount()).toBe(before);
  });

  it('rejects a signature made with another secret', async () => {
    const { app, now } = setup();
    const response = await deliver(app, body(104), { secret: 'not-the-client-secret', now });
    expect(response.status).toBe(401);
  });

  it('rejects a timestamp older than five minutes even with a valid signature', async () => {
    const { app, now } = setup();
    const before = await inboxCount();
    const stale = String(now.getTime() - 5 * 60_000 - 1_000);
    const response = await deliver(app, body(105), { secret: CLIENT_SECRET, now, timestamp: stale });
    expect(response.status).toBe(401);
    expect(await inboxCount()).toBe(before);
  });

  it('decodes the URL-encoded characters HubSpot lists before hashing', async () => {
    const { app, now } = setup();
    const url = 'http://localhost/hubspot/webhooks?portal=a%3Ab%2Fc%40d%20e';
    const signedUri = 'http://localhost/hubspot/webhooks?portal=a:b/c@d%20e';
    const ok = await deliver(app, body(106), { secret: CLIENT_SECRET, now, url, signedUri });
    expect(ok.status).toBe(200);
    const wrong = await deliver(app, body(107), { secret: CLIENT_SECRET, now, url, signedUri: url });
    expect(wrong.status).toBe(401);
  });

  it('signs against the public URL when the service runs behind a proxy', async () => {
    const { app, now } = setup({ PUBLIC_BASE_URL: 'https://credit.example.com' });
    const response = await deliver(app, body(108), {
      secret: CLIENT_SECRET,
      now,
      signedUri: 'https://credit.example.com/hubspot/webhooks',
    });
    expect(response.status).toBe(200);
  });

  it('includes a path prefix the proxy strips before the service', async () => {
    const { app, now } = setup({ PUBLIC_BASE_URL: 'https://example.com/creditline/' });
    const response = await deliver(app, body(109), {
      secret: CLIENT_SECRET,
      now,
      signedUri: 'https://example.com/creditline/hubspot/webhooks',
    });
    expect(response.status).toBe(200);
  });

  it('records a retried event once and keeps ids beyond 2^53 exact', async () => {
    const { app, now } = setup();
    const event = hubspotEvent({ subscriptionType: 'object.creation', objectTypeId: '0-2', objectId: 0 }, 5);
    const raw = JSON.stringify([event]).replace('"objectId":0', '"objectId":90071992547409931');
    const retry = raw.replace('"attemptNumber":0', '"attemptNumber":1');
    expect((await (await deliver(app, raw, { secret: CLIENT_SECRET, now })).json()).recorded).toBe(1);
    expect((await (await deliver(app, retry, { secret: CLIENT_SECRET, now })).json()).recorded).toBe(0);
    const row = await queryOne<{ object_id: string }>(
      database.db,
      sql`select payload->>'objectId' as object_id from inbox where payload->>'eventId' = ${String(event.eventId)}`,
    );
    expect(row?.object_id).toBe('90071992547409931');
  });

  it('acknowledges a signed body that is not an event batch and keeps it as rejected', async () => {
    const { app, now } = setup();
    const response = await deliver(app, '{"not":"a batch"}', { secret: CLIENT_SECRET, now });
    // HubSpot retries anything but a 2xx for a day; this body can never be processed.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, recorded: 0, rejected: 1 });
    const row = await queryOne<{ status: string; error: string }>(
      database.db,
      sql`select status, error from inbox where payload->>'excerpt' = '{"not":"a batch"}'`,
    );
    expect(row).toEqual({ status: 'rejected', error: 'the body is not a JSON array of events' });
  });
});
