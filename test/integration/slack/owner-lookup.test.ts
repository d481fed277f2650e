// Matching owners to Slack users by email against the strict fake: a token without users:read.email
// stops the lookups at the first refusal and says once which scope to add and where.

import { Writable } from 'node:stream';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { owners } from '../../../src/db/schema/index.ts';
import { createLogger } from '../../../src/lib/logger.ts';
import { mapOwnersToSlack } from '../../../src/services/sync/owners.ts';
import { MANIFEST_BOT_SCOPES } from '../../msw/slack.ts';
import { testContext } from '../../support/app.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
  await h.database.db.insert(owners).values(
    ['ana', 'ben', 'cy'].map((name, index) => ({
      hubspotOwnerId: `lookup-${index}`,
      email: `${name}@example.com`,
      firstName: name,
    })),
  );
  h.fake.users.set('ana@example.com', { id: 'U0ANA', tz: 'Europe/Berlin' });
  h.fake.users.set('ben@example.com', { id: 'U0BEN' });
});
afterAll(async () => h?.close());

function capture() {
  const entries: { level: string; msg: string; needed?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      entries.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { entries, logger: createLogger('info', stream) };
}

describe('owner lookup by email', () => {
  it('stops at the first missing_scope, names the scope and the manifest line, and leaves owners unchecked', async () => {
    h.fake.scopes = MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'users:read.email');
    const { entries, logger } = capture();
    const result = await mapOwnersToSlack({ ...testContext(h.deps), logger });
    expect(result).toEqual({
      matched: 0,
      checked: 0,
      failed: 1,
      missingScope: {
        needed: 'users:read.email',
        fix: 'add "users:read.email" under oauth_config.scopes.bot in manifest.json and reinstall the app',
      },
    });
    expect(h.fake.callsTo('users.lookupByEmail')).toHaveLength(1);
    expect(entries).toEqual([
      expect.objectContaining({
        level: 'error',
        needed: 'users:read.email',
        msg: 'Slack owner lookup stopped: the bot token lacks "users:read.email"; add "users:read.email" under oauth_config.scopes.bot in manifest.json and reinstall the app',
      }),
    ]);
    const unchecked = await h.database.db.select().from(owners).where(isNull(owners.slackCheckedAt));
    expect(unchecked).toHaveLength(3);
  });

  it('matches every owner once the scope is granted, counting each lookup', async () => {
    h.fake.scopes = [...MANIFEST_BOT_SCOPES];
    h.fake.reset();
    const result = await mapOwnersToSlack(testContext(h.deps));
    expect(result).toEqual({ matched: 2, checked: 3, failed: 0 });
    expect(h.fake.callsTo('users.lookupByEmail')).toHaveLength(3);
    const [ana] = await h.database.db.select().from(owners).where(eq(owners.email, 'ana@example.com'));
    expect(ana).toMatchObject({
      slackUserId: 'U0ANA',
      slackMappingSource: 'email',
      timeZone: 'Europe/Berlin',
    });
  });

  it('counts a lookup Slack fails as failed, and goes on with the others', async () => {
    await h.database.db
      .update(owners)
      .set({ slackUserId: null, slackCheckedAt: null, slackMappingSource: null });
    h.fake.failNext('users.lookupByEmail', { status: 400, body: { ok: false, error: 'invalid_auth' } });
    const result = await mapOwnersToSlack(testContext(h.deps));
    expect(result).toEqual({ matched: 2, checked: 2, failed: 1 });
  });
});
