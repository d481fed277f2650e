// The Escalate button: hands an overdue invoice to the credit team now, without waiting for the ladder.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { creditProfiles } from '../../db/schema/index.ts';
import { ValidationError } from '../../domain/errors.ts';
import { daysBetween, isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';
import { queueEscalation } from './escalation.ts';
import { invoiceLabel, loadInvoice } from './load.ts';
import { assertMayActOnCompany } from './permissions.ts';
import { activePolicy } from './policy.ts';

export const escalateInput = z.object({
  invoiceId: z.uuid(),
  note: z.string().trim().max(1_000).optional(),
});

export async function escalateInvoice({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(escalateInput, input);
  return ctx.db.transaction(async (tx) => {
    const { invoice, company } = await loadInvoice(tx, request.invoiceId);
    await assertMayActOnCompany(tx, ctx, company);
    if (invoice.status !== 'open') throw new ValidationError('That invoice is not open any more.');
    const policy = await activePolicy(tx);
    const [profile] = await tx
      .select({ termsDays: creditProfiles.termsDays })
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, company.id));
    const today = isoDate(ctx.now);
    await queueEscalation(tx, ctx.now, policy, {
      company,
      termsDays: invoice.termsDays ?? profile?.termsDays ?? policy.terms.defaultDays,
      invoices: [
        {
          id: invoice.id,
          number: invoiceLabel(invoice),
          balanceMinor: invoice.balanceMinor,
          currency: invoice.currency,
          dueOn: invoice.dueOn,
          daysLate: Math.max(0, daysBetween(invoice.dueOn, today)),
        },
      ],
      reason: ctx.actor.kind === 'slack' ? `escalated by <@${ctx.actor.id}>` : 'escalated',
      dedupeKey: `escalate:${invoice.id}:${today}`,
      today,
    });
    await recordAudit(tx, ctx, {
      action: 'collections.invoice_escalated',
      entityType: 'invoice',
      entityId: invoice.id,
      after: { balanceMinor: invoice.balanceMinor, dueOn: invoice.dueOn },
      reason: request.note ?? null,
    });
    return { invoice, company };
  });
}
