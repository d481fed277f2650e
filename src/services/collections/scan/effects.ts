// What a stage does besides the digest: escalation stages post to the credit channel and queue the
// owner's HubSpot task with a reminder draft; stages that notify the credit channel, and agency or
// legal stages (whose pending approval the decision already opened), tell the channel too.

import type { Queryable } from '../../../db/types.ts';
import type { CreditPolicy, DunningStage } from '../../../domain/policy/schema.ts';
import { slackPostMessage } from '../../outbox/effects.ts';
import { enqueueBatch, type OutboxMessage } from '../../outbox/enqueue.ts';
import { escalationMessages } from '../escalation.ts';
import type { AlertFact } from './digest-facts.ts';

export async function queueStageEffects(
  tx: Queryable,
  now: Date,
  policy: CreditPolicy,
  facts: readonly AlertFact[],
): Promise<number> {
  const stages = new Map(policy.dunning.ladder.map((stage) => [stage.key, stage]));
  const groups = new Map<string, { stage: DunningStage; facts: AlertFact[] }>();
  for (const fact of facts) {
    const stage = stages.get(fact.stage);
    if (!stage || !(stage.escalate || stage.approvalKind || stage.notify.includes('credit_channel')))
      continue;
    const key = `${fact.companyId}:${stage.key}`;
    const group = groups.get(key) ?? { stage, facts: [] };
    group.facts.push(fact);
    groups.set(key, group);
  }
  let escalations = 0;
  const messages: OutboxMessage[] = [];
  for (const { stage, facts: group } of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const today = first.localDate;
    const approval = stage.approvalKind
      ? ` — ${stage.approvalKind === 'collection_agency' ? 'collection agency' : 'legal review'} approval requested`
      : '';
    const reason = `${stage.label}${approval}`;
    if (stage.escalate) {
      escalations += 1;
      messages.push(
        ...escalationMessages(policy, {
          company: { id: first.companyId, name: first.companyName, ownerId: first.ownerId },
          termsDays: first.termsDays ?? policy.terms.defaultDays,
          invoices: group.map((fact) => ({
            id: fact.invoiceId,
            number: fact.number,
            balanceMinor: fact.balanceMinor,
            currency: fact.currency,
            dueOn: fact.dueOn,
            daysLate: fact.daysLate,
          })),
          reason,
          dedupeKey: `dunning:${first.companyId}:${stage.key}:${today}`,
          today,
        }),
      );
    } else if (policy.dunning.creditChannel) {
      const list = group.map((fact) => `• ${fact.number} (${fact.daysLate} days late)`).join('\n');
      messages.push(
        slackPostMessage(
          { channel: policy.dunning.creditChannel, text: `${first.companyName}: ${reason}\n${list}` },
          `slack:dunning:${first.companyId}:${stage.key}:${today}`,
        ),
      );
    }
  }
  await enqueueBatch(tx, now, messages);
  return escalations;
}
