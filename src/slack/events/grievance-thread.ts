// Replies in a grievance's thread (in the credit channel) become the grievance's messages.

import type { App } from '@slack/bolt';
import { and, eq } from 'drizzle-orm';
import { grievanceMessages, grievances } from '../../db/schema/index.ts';
import type { AppDeps } from '../../deps.ts';

export function registerGrievanceThread(app: App, deps: AppDeps): void {
  app.message(async ({ message }) => {
    if (message.channel_type === 'im' || message.subtype !== undefined) return;
    if ('bot_id' in message && message.bot_id) return;
    if (!('thread_ts' in message) || !message.thread_ts || message.thread_ts === message.ts) return;
    if (!message.user || typeof message.text !== 'string') return;
    const [grievance] = await deps.db
      .select({ id: grievances.id })
      .from(grievances)
      .where(
        and(eq(grievances.slackChannel, message.channel), eq(grievances.slackThreadTs, message.thread_ts)),
      );
    if (!grievance) return;
    await deps.db.insert(grievanceMessages).values({
      grievanceId: grievance.id,
      author: message.user,
      body: message.text,
      source: 'slack',
      slackTs: message.ts,
    });
  });
}
