// The Slack fake answers like Slack about scopes, so the suite notices an undeclared scope: by default the
// token carries exactly manifest.json's bot scopes, a method without its scope is refused with
// missing_scope (which the outbox treats as final), and the scopes come back in x-oauth-scopes.

import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema/index.ts';
import { callSlack } from '../../../src/integrations/slack/api-call.ts';
import { SlackMissingScopeError } from '../../../src/integrations/slack/errors.ts';
import { slackOutboxHandlers } from '../../../src/integrations/slack/outbox-handlers.ts';
import { slackIdentity } from '../../../src/integrations/slack/workspace.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.ts';
import { queueSlackPost } from '../../../src/services/outbox/effects.ts';
import { MANIFEST_BOT_SCOPES, SLACK_API_URL } from '../../msw/slack.ts';
import { BOT_TOKEN } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
const options = { apiUrl: SLACK_API_URL, token: BOT_TOKEN, maxRetries: 0 };
let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(async () => h?.close());
beforeEach(() => {
  h.fake.scopes = [...MANIFEST_BOT_SCOPES];
  h.fake.reset();
});

describe('the strict Slack fake', () => {
  it('gives the token exactly the manifest’s bot scopes, listed by auth.test in x-oauth-scopes', async () => {
    expect(MANIFEST_BOT_SCOPES).toEqual(manifest.oauth_config.scopes.bot);
    const identity = await slackIdentity(options);
    expect(identity).toEqual({
      ok: true,
      team: 'Acme Test',
      botUserId: 'U0CREDITBOT',
      grantedScopes: manifest.oauth_config.scopes.bot,
    });
  });

  it('answers missing_scope with needed and provided when the token lacks the method’s scope', async () => {
    h.fake.scopes = ['chat:write', 'users:read'];
    const refused = await callSlack(options, 'users.lookupByEmail', { email: 'ana@example.com' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SlackMissingScopeError);
    expect(refused).toMatchObject({
      method: 'users.lookupByEmail',
      needed: 'users:read.email',
      provided: ['chat:write', 'users:read'],
    });
    // Slack answers a scope refusal with HTTP 200, so nothing retried it.
    expect(h.fake.callsTo('users.lookupByEmail')).toHaveLength(1);
  });

  it('refuses a post without chat:write, and the outbox keeps it as a dead letter with Slack’s reason', async () => {
    h.fake.scopes = MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'chat:write');
    const dispatcher = new OutboxDispatcher({
      db: h.deps.db,
      handlers: slackOutboxHandlers(h.config),
      clock: h.clock,
      logger: silentLogger,
      maxAttempts: 5,
      batchSize: 10,
      pollMs: 10,
      random: () => 0,
    });
    const id = await queueSlackPost(h.deps.db, h.clock.now(), { channel: 'CSCOPE', text: 'hello' });
    if (id === null) throw new Error('not queued');
    await dispatcher.dispatchOnce();
    const [row] = await h.deps.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: 'dead', lastError: expect.stringContaining('missing_scope') });
  });
});
