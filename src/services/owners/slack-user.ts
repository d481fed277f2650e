// Sets (or clears) an owner's Slack user by hand. A manual mapping is never replaced by the email
// lookup; clearing it hands the owner back to the lookup.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { owners } from '../../db/schema/index.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

export const SetSlackUserInput = z.object({
  ownerId: z.uuid(),
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U024BE7LH')
    .nullable(),
});

export async function setOwnerSlackUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof SetSlackUserInput>;
}) {
  assertAdmin(ctx, 'map an owner to a Slack user');
  const { ownerId, slackUserId } = parseInput(SetSlackUserInput, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(owners).where(eq(owners.id, ownerId)).for('update');
    if (!before) throw new NotFoundError(`No owner ${ownerId}`);
    const [after] = await tx
      .update(owners)
      .set({
        slackUserId,
        slackMappingSource: slackUserId ? 'manual' : null,
        slackCheckedAt: slackUserId ? ctx.now : null,
        updatedAt: ctx.now,
      })
      .where(eq(owners.id, ownerId))
      .returning();
    await recordAudit(tx, ctx, {
      action: 'owner.slack_user.set',
      entityType: 'owner',
      entityId: ownerId,
      before: { slackUserId: before.slackUserId, source: before.slackMappingSource },
      after: { slackUserId, source: slackUserId ? 'manual' : null },
    });
    return after ?? before;
  });
}

export async function listOwners(ctx: ServiceContext) {
  return ctx.db.select().from(owners).orderBy(owners.lastName, owners.firstName, owners.id);
}
