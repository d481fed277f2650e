// Turns newly decided alerts into one digest per account manager (split only where Slack's block limit
// requires) and queues them through the outbox. An account manager without a Slack mapping is not
// dropped: their digest goes to the credit channel with a note saying so.

import { sql } from 'drizzle-orm';
import { dunningAlerts } from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import type { CreditPolicy } from '../../../domain/policy/schema.ts';
import { chunkDigest, digestBlocks, digestText } from '../../../integrations/slack/blocks/digest.ts';
import type { ServiceContext } from '../../context.ts';
import { slackPostMessage } from '../../outbox/effects.ts';
import { enqueueBatch, type OutboxMessage } from '../../outbox/enqueue.ts';
import { type AlertFact, groupByCustomer, loadAlertFacts, uuidArray } from './digest-facts.ts';

export interface DigestOutcome {
  digests: number;
  unmappedOwners: number;
  undeliverable: number;
}

export async function queueDigests(
  tx: Queryable,
  ctx: ServiceContext,
  policy: CreditPolicy,
  alertIds: readonly string[],
): Promise<{ outcome: DigestOutcome; facts: AlertFact[] }> {
  const outcome: DigestOutcome = { digests: 0, unmappedOwners: 0, undeliverable: 0 };
  if (alertIds.length === 0) return { outcome, facts: [] };
  const facts = await loadAlertFacts(
    tx,
    sql`d.id = any(${uuidArray(alertIds)})`,
    policy.dunning.ladder,
    ctx.config,
  );
  const byOwner = new Map<string, AlertFact[]>();
  for (const fact of facts) {
    const key = fact.ownerId ?? 'none';
    const list = byOwner.get(key);
    if (list) list.push(fact);
    else byOwner.set(key, [fact]);
  }
  const creditChannel = policy.dunning.creditChannel;
  const undeliverable: string[] = [];
  const messages: OutboxMessage[] = [];
  for (const [ownerKey, ownerFacts] of byOwner) {
    const first = ownerFacts[0];
    if (!first) continue;
    const channel = first.ownerSlackUserId ?? creditChannel;
    if (!channel) {
      undeliverable.push(...ownerFacts.map((fact) => fact.alertId));
      continue;
    }
    const note = first.ownerSlackUserId
      ? undefined
      : first.ownerId
        ? `No Slack user is mapped for account manager ${first.ownerName ?? first.ownerId}; their digest is posted here.`
        : 'These customers have no account manager; their digest is posted here.';
    if (!first.ownerSlackUserId) outcome.unmappedOwners += 1;
    for (const [index, chunk] of chunkDigest({
      ...(note ? { note } : {}),
      customers: groupByCustomer(ownerFacts),
    }).entries()) {
      const ids = chunk.customers.flatMap((customer) =>
        customer.lines.map((line) => (line as AlertFact).alertId),
      );
      messages.push(
        slackPostMessage(
          { channel, text: digestText(chunk), blocks: digestBlocks(chunk), record: { dunningAlertIds: ids } },
          `digest:${ownerKey}:${ctx.now.toISOString()}:${index}`,
        ),
      );
      outcome.digests += 1;
    }
  }
  await enqueueBatch(tx, ctx.now, messages);
  if (undeliverable.length) {
    outcome.undeliverable = undeliverable.length;
    ctx.logger.warn(
      { alerts: undeliverable.length },
      'no Slack user and no credit channel: alerts recorded as skipped',
    );
    await tx
      .update(dunningAlerts)
      .set({ status: 'skipped' })
      .where(sql`${dunningAlerts.id} = any(${uuidArray(undeliverable)})`);
  }
  return { outcome, facts };
}
