// Resolves alerts whose invoice is paid (or otherwise closed) and redraws the Slack messages they are
// in, so the digest shows "paid on <date>" in place instead of a stale call to action.

import { sql } from 'drizzle-orm';
import type { Config } from '../../../config/schema.ts';
import { queryRows } from '../../../db/rows.ts';
import type { Queryable } from '../../../db/types.ts';
import type { CreditPolicy } from '../../../domain/policy/schema.ts';
import { digestBlocks, digestText } from '../../../integrations/slack/blocks/digest.ts';
import { queueSlackUpdate } from '../../outbox/effects.ts';
import { groupByCustomer, loadAlertFacts } from './digest-facts.ts';

interface Message extends Record<string, unknown> {
  slack_channel: string;
  slack_ts: string;
}

export async function resolvePaidAlerts(tx: Queryable, now: Date, policy: CreditPolicy, config: Config) {
  const messages = await queryRows<Message>(
    tx,
    sql`
    with resolved as (
      update dunning_alerts d set status = 'resolved', resolved_at = ${now.toISOString()}::timestamptz
      from invoices i
      where i.id = d.invoice_id and d.status = 'sent' and (i.status <> 'open' or i.balance_minor <= 0)
      returning d.slack_channel, d.slack_ts
    )
    select distinct slack_channel, slack_ts from resolved where slack_channel is not null and slack_ts is not null
    `,
  );
  for (const message of messages) {
    const facts = await loadAlertFacts(
      tx,
      sql`d.slack_channel = ${message.slack_channel} and d.slack_ts = ${message.slack_ts}`,
      policy.dunning.ladder,
      config,
    );
    const digest = { customers: groupByCustomer(facts) };
    await queueSlackUpdate(
      tx,
      now,
      {
        channel: message.slack_channel,
        ts: message.slack_ts,
        text: digestText(digest),
        blocks: digestBlocks(digest),
      },
      `digest-update:${message.slack_channel}:${message.slack_ts}:${now.toISOString()}`,
    );
  }
  return messages.length;
}
