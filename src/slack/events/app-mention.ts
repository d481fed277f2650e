// @Creditline in a channel: the answer is ephemeral, so a customer's credit position is shown only to
// the person who asked.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { answerChat } from './chat-command.ts';

export function registerAppMention(app: App, deps: AppDeps): void {
  app.event('app_mention', async ({ event, client }) => {
    if (!event.user) return;
    const answer = await answerChat(deps, event.user, event.text);
    await client.chat.postEphemeral({
      channel: event.channel,
      user: event.user,
      ...answer,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
    });
  });
}
