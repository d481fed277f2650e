// POST /slack/events refuses anything not signed by Slack: the documented example passes, and
// tampered, stale, future-dated, unsigned and wrongly-keyed requests get 401 and reach no listener.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { inbox } from '../../../src/db/schema/index.ts';
import { slackSignature, verifySlackSignature } from '../../../src/integrations/slack/signature.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FORM, formBody, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackConfig, slackHarness } from '../../support/slack-app.ts';

// Slack's worked example from "Verifying requests from Slack" (api.slack.com/authentication/verifying-requests-from-slack).
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack signature verification', () => {
  it('computes the signature of Slack’s documented example', async () => {
    expect(await slackSignature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
  });

  it('accepts the example within five minutes either side and refuses it outside', async () => {
    const at = (seconds: number) => new Date((Number(DOC_TIMESTAMP) + seconds) * 1000);
    const request = { timestamp: DOC_TIMESTAMP, signature: DOC_SIGNATURE, rawBody: DOC_BODY };
    expect(await verifySlackSignature(DOC_SECRET, request, at(0))).toBe('valid');
    expect(await verifySlackSignature(DOC_SECRET, request, at(300))).toBe('valid');
    expect(await verifySlackSignature(DOC_SECRET, request, at(-300))).toBe('valid');
    expect(await verifySlackSignature(DOC_SECRET, request, at(301))).toBe('stale');
    expect(await verifySlackSignature(DOC_SECRET, request, at(-301))).toBe('stale');
    expect(await verifySlackSignature(DOC_SECRET, { ...request, rawBody: `${DOC_BODY}&x=1` }, at(0))).toBe(
      'mismatch',
    );
    expect(await verifySlackSignature(DOC_SECRET, { ...request, signature: undefined }, at(0))).toBe(
      'missing_headers',
    );
  });

  describe('through the app, with the documented secret and clock', () => {
    let database: TestDatabase;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      database = await createTestDatabase();
      const clock = new ManualClock(new Date(Number(DOC_TIMESTAMP) * 1000));
      app = createApp(
        testDeps(database, { clock, config: slackConfig({ SLACK_SIGNING_SECRET: DOC_SECRET }) }),
      );
    });
    afterAll(() => database.close());

    it('accepts the documented request byte for byte', async () => {
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: {
          'content-type': FORM,
          'x-slack-request-timestamp': DOC_TIMESTAMP,
          'x-slack-signature': DOC_SIGNATURE,
        },
        body: DOC_BODY,
      });
      expect(response.status).toBe(200);
    });

    it('refuses it when one byte of the body changes', async () => {
      const response = await app.request('/slack/events', {
        method: 'POST',
        headers: {
          'content-type': FORM,
          'x-slack-request-timestamp': DOC_TIMESTAMP,
          'x-slack-signature': DOC_SIGNATURE,
        },
        body: DOC_BODY.replace('roadrunner', 'roadrunnes'),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    });
  });
});

describe('POST /slack/events refusals and handshakes', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackHarness();
  });
  afterAll(() => h.close());

  const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });

  it('answers url_verification with the challenge', async () => {
    const response = await h.send(challenge, JSON_TYPE);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });

  it('answers ssl_check with 200 and an empty body', async () => {
    const response = await h.send(formBody({ ssl_check: '1', token: 'x' }), FORM);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a replay older than five minutes and one dated in the future', async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    expect((await h.send(challenge, JSON_TYPE, { timestamp: now - 301 })).status).toBe(401);
    expect((await h.send(challenge, JSON_TYPE, { timestamp: now + 301 })).status).toBe(401);
    expect((await h.send(challenge, JSON_TYPE, { timestamp: now - 299 })).status).toBe(200);
  });

  it('refuses a request signed with another secret', async () => {
    const response = await h.send(challenge, JSON_TYPE, { secret: 'not-the-signing-secret' });
    expect(response.status).toBe(401);
  });

  it('refuses an unsigned request', async () => {
    const response = await h.app.request('/slack/events', {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE },
      body: challenge,
    });
    expect(response.status).toBe(401);
  });

  it('acknowledges a signed body that is not a Slack payload, keeps it as rejected, and acts on nothing', async () => {
    const response = await h.send('{not json', JSON_TYPE);
    // Slack retries anything but a 2xx; this body can never be processed, so it is acknowledged.
    expect(response.status).toBe(200);
    expect(h.fake.calls).toHaveLength(0);
    const rows = await h.database.db.select().from(inbox).where(eq(inbox.status, 'rejected'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.error).toBe('the body could not be parsed');
  });
});
