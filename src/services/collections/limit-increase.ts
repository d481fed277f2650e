// An account manager asks for a higher limit for a customer. The request goes through the one
// limit-change verb: applied at once when the policy's `limitChanges` rule approves it on the
// customer's own history, otherwise filed as a pending approval request for the credit team.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { creditProfiles } from '../../db/schema/index.ts';
import { ValidationError } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import type { ServiceContext } from '../context.ts';
import { changeCreditLimit } from '../credit/limit-change.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import { decimalAmount, positiveMinor } from './inputs.ts';
import { loadCompany } from './load.ts';
import { assertMayActOnCompany } from './permissions.ts';

export const limitIncreaseInput = z.object({
  companyId: z.uuid(),
  amount: decimalAmount,
  reason: z.string().trim().min(3, 'needs a reason').max(1_000),
});

export async function requestLimitIncrease({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(limitIncreaseInput, input);
  return ctx.db.transaction(async (tx) => {
    const company = await loadCompany(tx, request.companyId);
    await assertMayActOnCompany(tx, ctx, company);
    const [profile] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, company.id));
    const currency = profile?.currency ?? (await currentPolicy(tx, ctx)).policy.baseCurrency;
    const amountMinor = positiveMinor(request.amount, currency, 'new limit');
    if (profile && amountMinor <= profile.limitMinor) {
      throw new ValidationError(
        `The new limit must be above the current ${formatMoney({ minor: profile.limitMinor, currency })}.`,
      );
    }
    const result = await changeCreditLimit(tx, ctx, {
      mode: 'request',
      origin: 'slack_request',
      companyId: company.id,
      limitMinor: amountMinor,
      currency,
      reason: request.reason,
      requestedBy: ctx.actor.id,
    });
    return { result, amount: { minor: amountMinor, currency }, company };
  });
}
