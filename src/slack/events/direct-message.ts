// A DM to the bot: the answer is a message in that DM, sent through the outbox like every post.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { queueSlackPost } from '../../services/outbox/effects.ts';
import { answerChat } from './chat-command.ts';

export function registerDirectMessage(app: App, deps: AppDeps): void {
  app.message(async ({ message }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    if ('bot_id' in message && message.bot_id) return;
    if (!message.user || typeof message.text !== 'string') return;
    const answer = await answerChat(deps, message.user, message.text);
    await queueSlackPost(
      deps.db,
      deps.clock.now(),
      { channel: message.channel, ...answer },
      `dm-reply:${message.channel}:${message.ts}`,
    );
  });
}
