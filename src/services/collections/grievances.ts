// Opens a grievance (a dispute about an invoice, or a complaint) and starts its Slack thread in the
// credit channel; replies in that thread are recorded as the grievance's messages.

import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { grievances } from '../../db/schema/index.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';
import { queueSlackPost } from '../outbox/effects.ts';
import { parseInput } from '../validate.ts';
import { invoiceLabel, loadCompany, loadInvoice } from './load.ts';
import { assertMayActOnCompany } from './permissions.ts';
import { activePolicy } from './policy.ts';

export const OPEN_GRIEVANCE_STATUSES = ['open', 'investigating'] as const;

export const openGrievanceInput = z.object({
  companyId: z.uuid(),
  kind: z.enum(['dispute', 'complaint']),
  invoiceId: z.uuid().optional(),
  title: z.string().trim().min(3, 'needs a short description').max(300),
});

export async function openGrievance({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(openGrievanceInput, input);
  return ctx.db.transaction(async (tx) => {
    const company = await loadCompany(tx, request.companyId);
    await assertMayActOnCompany(tx, ctx, company);
    let amount: { minor: bigint; currency: string } | undefined;
    let label: string | undefined;
    if (request.invoiceId) {
      const { invoice } = await loadInvoice(tx, request.invoiceId);
      if (invoice.companyId !== company.id)
        throw new ValidationError('That invoice belongs to another customer.');
      const existing = await tx
        .select({ id: grievances.id })
        .from(grievances)
        .where(
          and(eq(grievances.invoiceId, invoice.id), inArray(grievances.status, [...OPEN_GRIEVANCE_STATUSES])),
        );
      if (existing.length > 0)
        throw new ConflictError(`Invoice ${invoiceLabel(invoice)} is already in dispute.`);
      amount = { minor: invoice.balanceMinor, currency: invoice.currency };
      label = invoiceLabel(invoice);
    }
    const policy = await activePolicy(tx);
    const slackUser = ctx.actor.kind === 'slack' ? ctx.actor.id : null;
    const channel = policy.dunning.creditChannel ?? slackUser;
    const [grievance] = await tx
      .insert(grievances)
      .values({
        kind: request.kind,
        companyId: company.id,
        invoiceId: request.invoiceId ?? null,
        title: request.title,
        amountMinor: amount?.minor ?? null,
        currency: amount?.currency ?? null,
        openedBy: ctx.actor.id,
        ownerSlackUserId: slackUser,
        slackChannel: channel,
        openedAt: ctx.now,
      })
      // A concurrent dispute of the same invoice (a double-click) that got here first wins.
      .onConflictDoNothing()
      .returning();
    if (!grievance) throw new ConflictError(`Invoice ${label} is already in dispute.`);
    if (channel) {
      const what = label ? `invoice ${label}${amount ? ` (${formatMoney(amount)})` : ''}` : 'the account';
      await queueSlackPost(tx, ctx.now, {
        channel,
        text: `:warning: ${request.kind === 'dispute' ? 'Dispute' : 'Complaint'} opened — ${company.name}, ${what}: ${request.title}${slackUser ? ` (by <@${slackUser}>)` : ''}. Reply in this thread to work it.`,
        record: { grievanceId: grievance.id },
      });
    }
    await recordAudit(tx, ctx, {
      action: 'grievance.opened',
      entityType: 'grievance',
      entityId: grievance.id,
      after: grievance,
      reason: request.title,
    });
    await recomputeCompanies(tx, ctx, [company.id]);
    return { grievance, company };
  });
}

export const markDisputedInput = z.object({
  invoiceId: z.uuid(),
  reason: z.string().trim().max(300).optional(),
});

/** The digest's "Mark disputed" button: a dispute grievance on that invoice. */
export async function markDisputed({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(markDisputedInput, input);
  const { invoice } = await loadInvoice(ctx.db, request.invoiceId);
  return openGrievance({
    ctx,
    input: {
      companyId: invoice.companyId,
      kind: 'dispute',
      invoiceId: invoice.id,
      title: request.reason || `Invoice ${invoiceLabel(invoice)} disputed`,
    },
  });
}
