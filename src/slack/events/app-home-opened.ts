// The App Home tab is drawn fresh each time someone opens it.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { publishHome } from '../support.ts';

export function registerAppHomeOpened(app: App, deps: AppDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, event.user);
  });
}
