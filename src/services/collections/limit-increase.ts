// An account manager asks for a higher limit: a pending approval request for the credit team.

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { approvalRequests, creditProfiles } from '../../db/schema/index.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
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
    const pending = await tx
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(
        and(
          eq(approvalRequests.companyId, company.id),
          eq(approvalRequests.kind, 'limit_increase'),
          eq(approvalRequests.status, 'pending'),
        ),
      );
    if (pending.length > 0)
      throw new ConflictError(`A limit increase for ${company.name} is already waiting.`);
    const [created] = await tx
      .insert(approvalRequests)
      .values({
        kind: 'limit_increase',
        companyId: company.id,
        amountMinor,
        currency,
        requestedBy: ctx.actor.id,
        reason: request.reason,
        context: { currentLimitMinor: profile?.limitMinor.toString() ?? null },
        createdAt: ctx.now,
      })
      // A concurrent request (a double-click) that got here first wins; this one changes nothing.
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ConflictError(`A limit increase for ${company.name} is already waiting.`);
    await recordAudit(tx, ctx, {
      action: 'approval.requested',
      entityType: 'approval_request',
      entityId: created.id,
      before: profile ? { limitMinor: profile.limitMinor } : null,
      after: created,
      reason: request.reason,
    });
    return { request: created, company };
  });
}
