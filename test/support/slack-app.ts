// One Slack-enabled app over a test database, with the fake Web API listening and a manual clock.

import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config/schema.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { SLACK_API_URL, SlackFake } from '../msw/slack.ts';
import { testConfig, testDeps } from './app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { BOT_TOKEN, SIGNING_SECRET, signedRequest } from './slack.ts';

export interface SlackHarness {
  database: TestDatabase;
  deps: ReturnType<typeof testDeps>;
  clock: ManualClock;
  config: Config;
  app: ReturnType<typeof createApp>;
  fake: SlackFake;
  /** Sends a body signed at the clock's current time (or `timestamp`). */
  send(
    body: string,
    contentType: string,
    options?: { headers?: Record<string, string>; timestamp?: number; secret?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export function slackConfig(overrides: Record<string, string> = {}): Config {
  return testConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL,
    PUBLIC_BASE_URL: 'https://creditline.example.com',
    HUBSPOT_PORTAL_ID: '4242',
    ...overrides,
  });
}

export async function slackHarness(
  options: { start?: string; config?: Record<string, string>; scopes?: readonly string[] } = {},
): Promise<SlackHarness> {
  const database = await createTestDatabase();
  const clock = new ManualClock(options.start ?? '2026-11-26T12:00:00Z');
  const config = slackConfig(options.config);
  const deps = testDeps(database, { config, clock });
  const fake = new SlackFake(options.scopes ? { scopes: options.scopes } : {});
  fake.now = () => clock.now().getTime();
  // Listen before the app exists: Bolt keeps a reference to fetch (for response_url) when it is built.
  fake.server.listen({ onUnhandledFrame: 'error' });
  const app = createApp(deps);
  return {
    database,
    deps,
    clock,
    config,
    app,
    fake,
    async send(body, contentType, sendOptions = {}) {
      const init = await signedRequest(body, contentType, {
        timestamp: sendOptions.timestamp ?? Math.floor(clock.now().getTime() / 1000),
        ...(sendOptions.secret ? { secret: sendOptions.secret } : {}),
        ...(sendOptions.headers ? { headers: sendOptions.headers } : {}),
      });
      return app.request('/slack/events', init);
    },
    async close() {
      fake.server.close();
      await database.close();
    },
  };
}
