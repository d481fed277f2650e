// Creates a deal without HubSpot, for a customer created here or synced. It goes through the same
// credit check as a synced deal entering a stage (services/sync/after-change.ts): a checked stage over
// available credit is held and opens an approval request; exposure and the score are recomputed.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, deals, owners } from '../../db/schema/index.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { BIGINT_MAX, trimmedText } from '../../lib/safe-input.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { checkDeals } from '../credit/deal-check.ts';
import { isoCurrency, isoDay, nonNegativeMinor } from '../credit/schemas.ts';
import { parseInput } from '../validate.ts';

export const createDealInput = z.object({
  companyId: z.uuid(),
  name: trimmedText(200, 1),
  amountMinor: nonNegativeMinor.refine((amount) => amount <= BIGINT_MAX, 'must fit in 64 bits'),
  /** Default: the company's currency. */
  currency: isoCurrency.optional(),
  pipeline: trimmedText(100, 1).optional(),
  /** The stage id; the policy's credit check decides whether deals in it are checked. */
  stage: trimmedText(100, 1).optional(),
  closeDate: isoDay.optional(),
  ownerId: z.uuid().optional(),
});
export type CreateDeal = z.input<typeof createDealInput>;

export async function createDeal({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'create a deal');
  const values = parseInput(createDealInput, input);
  return ctx.db.transaction(async (tx) => {
    const [company] = await tx.select().from(companies).where(eq(companies.id, values.companyId));
    if (!company) throw new NotFoundError(`No company with id ${values.companyId}`);
    if (values.ownerId) {
      const [owner] = await tx.select({ id: owners.id }).from(owners).where(eq(owners.id, values.ownerId));
      if (!owner) throw new NotFoundError(`No owner with id ${values.ownerId}`);
    }
    const [inserted] = await tx
      .insert(deals)
      .values({
        ...values,
        currency: values.currency ?? company.currency,
        ownerId: values.ownerId ?? company.ownerId,
        stageEnteredAt: values.stage ? ctx.now : null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (!inserted) throw new Error('the deal was not stored');
    await recordAudit(tx, ctx, {
      action: 'deal.create',
      entityType: 'deal',
      entityId: inserted.id,
      after: inserted,
    });
    // The check recomputes the company first, so the new deal counts in its exposure.
    const [check] = await checkDeals(tx, ctx, [inserted.id]);
    if (!check) throw new Error('the new deal was not checked');
    const [deal] = await tx.select().from(deals).where(eq(deals.id, inserted.id));
    return { deal: deal ?? inserted, check };
  });
}
