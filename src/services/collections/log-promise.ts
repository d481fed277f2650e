// Logs a customer's promise to pay (an amount by a date), for one invoice or the whole account.
// Until that date the scan leaves the covered invoices alone; if the date passes unpaid the promise
// is marked broken and the invoices alert again.

import { z } from 'zod';
import { promisesToPay } from '../../db/schema/index.ts';
import { ValidationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';
import { parseInput } from '../validate.ts';
import { decimalAmount, futureDay, isoDay, positiveMinor } from './inputs.ts';
import { loadCompany, loadInvoice } from './load.ts';
import { assertMayActOnCompany } from './permissions.ts';

export const logPromiseInput = z.object({
  companyId: z.uuid(),
  invoiceId: z.uuid().optional(),
  amount: decimalAmount,
  promisedOn: isoDay,
  note: z.string().trim().max(2_000).optional(),
});

export async function logPromiseToPay({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const request = parseInput(logPromiseInput, input);
  return ctx.db.transaction(async (tx) => {
    const company = await loadCompany(tx, request.companyId);
    await assertMayActOnCompany(tx, ctx, company);
    let currency = company.currency;
    if (request.invoiceId) {
      const { invoice } = await loadInvoice(tx, request.invoiceId);
      if (invoice.companyId !== company.id)
        throw new ValidationError('That invoice belongs to another customer.');
      if (invoice.status !== 'open') throw new ValidationError('That invoice is not open any more.');
      currency = invoice.currency;
    }
    const amountMinor = positiveMinor(request.amount, currency);
    const promisedOn = futureDay(
      request.promisedOn,
      ctx.now,
      { label: 'promised date', path: 'promisedOn' },
      180,
    );
    const [promise] = await tx
      .insert(promisesToPay)
      .values({
        companyId: company.id,
        invoiceId: request.invoiceId ?? null,
        amountMinor,
        currency,
        promisedOn,
        note: request.note || null,
        loggedBy: ctx.actor.id,
      })
      .returning();
    if (!promise) throw new Error('promise insert returned nothing');
    await recordAudit(tx, ctx, {
      action: 'collections.promise_logged',
      entityType: 'promise_to_pay',
      entityId: promise.id,
      after: promise,
      reason: request.note ?? null,
    });
    await recomputeCompanies(tx, ctx, [company.id]);
    return { promise, company };
  });
}
