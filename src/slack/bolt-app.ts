// Builds the Bolt app for one deployment: our receiver, a fixed bot token through `authorize` (no
// auth.test call at start), the Web API client pointed at SLACK_API_URL, and every listener.

import { App, LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { AppDeps } from '../deps.ts';
import type { Logger } from '../lib/logger.ts';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { HonoReceiver } from './receiver.ts';
import { registerShortcuts } from './shortcuts/index.ts';
import { registerViews } from './views/index.ts';

export interface SlackBolt {
  app: App;
  /** Errors Bolt caught while processing a body (keyed by the body object we passed in). */
  failures: WeakMap<object, unknown>;
}

export function createSlackBolt(deps: AppDeps, botToken: string): SlackBolt {
  const failures = new WeakMap<object, unknown>();
  const logger = boltLogger(deps.logger.child({ component: 'slack' }));
  const app = new App({
    receiver: new HonoReceiver(),
    // A fixed token per deployment; authorize (not `token`) so nothing calls auth.test at start.
    authorize: async () => ({ botToken }),
    logger,
    // No conversation state is kept between requests: every listener reads what it needs.
    convoStore: false,
    extendedErrorHandler: true,
    clientOptions: {
      slackApiUrl: deps.config.SLACK_API_URL,
      timeout: 5_000,
      // Direct calls answer a person who is waiting (views.open's trigger lives 3 s): retry little.
      retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 400, randomize: true },
    },
  });
  const onError = async ({ error, body }: { error: Error & { code?: string }; body: object }) => {
    failures.set(body, error);
    deps.logger.error({ err: error, code: error.code }, 'slack listener failed');
  };
  app.error(onError);
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);
  return { app, failures };
}

function boltLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const join = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(join(parts)),
    info: (...parts: unknown[]) => logger.info(join(parts)),
    warn: (...parts: unknown[]) => logger.warn(join(parts)),
    error: (...parts: unknown[]) => logger.error(join(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
