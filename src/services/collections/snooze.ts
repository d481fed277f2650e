// Snoozes an invoice's alerts until a date, with a reason (e.g. "paying via new bank, confirmed").

import { z } from 'zod';
import { invoiceSnoozes } from '../../db/schema/index.ts';
import { ValidationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';
import { parseInput } from '../validate.ts';
import { futureDay, isoDay } from './inputs.ts';
import { loadInvoice } from './load.ts';
import { assertMayActOnCompany } from './permissions.ts';

export const snoozeInput = z.object({
  invoiceId: z.uuid(),
  until: isoDay,
  reason: z.string().trim().min(3, 'needs a few words').max(500),
});

export const MAX_SNOOZE_DAYS = 60;

export async function snoozeInvoice({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(snoozeInput, input);
  return ctx.db.transaction(async (tx) => {
    const { invoice, company } = await loadInvoice(tx, request.invoiceId);
    await assertMayActOnCompany(tx, ctx, company);
    if (invoice.status !== 'open') throw new ValidationError('That invoice is not open any more.');
    const until = futureDay(
      request.until,
      ctx.now,
      { label: 'snooze date', path: 'until' },
      MAX_SNOOZE_DAYS,
      false,
    );
    const [snooze] = await tx
      .insert(invoiceSnoozes)
      .values({ invoiceId: invoice.id, until, reason: request.reason, snoozedBy: ctx.actor.id })
      .returning();
    if (!snooze) throw new Error('snooze insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'collections.invoice_snoozed',
      entityType: 'invoice',
      entityId: invoice.id,
      after: snooze,
      reason: request.reason,
    });
    await recomputeCompanies(tx, ctx, [company.id]);
    return { snooze, invoice, company };
  });
}
