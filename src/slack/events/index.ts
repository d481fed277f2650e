// Events API subscriptions.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { registerAppHomeOpened } from './app-home-opened.ts';
import { registerAppMention } from './app-mention.ts';
import { registerDirectMessage } from './direct-message.ts';
import { registerGrievanceThread } from './grievance-thread.ts';

export function registerEvents(app: App, deps: AppDeps): void {
  registerAppMention(app, deps);
  registerAppHomeOpened(app, deps);
  registerDirectMessage(app, deps);
  registerGrievanceThread(app, deps);
}
