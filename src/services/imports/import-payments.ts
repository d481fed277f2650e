// Imports payments: idempotent upserts keyed by (source, external id), all or nothing. A re-imported
// payment first gives back what it applied before (so importing the same file again changes nothing);
// then each payment is applied to its invoice's open balance, never below zero. An excess beyond the
// policy's tolerance is refused with the invoice, its balance and the amount named, or kept as unapplied
// cash on the payment (`payments.overpayment`). An invoice whose balance reaches zero is paid on that date.

import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { afterCreditDataChanged } from '../sync/after-change.ts';
import { anyText } from '../sync/sql-values.ts';
import { parseInput } from '../validate.ts';
import { allocateBatch, type PaymentPayload, writeBalances } from './apply-payments.ts';
import { ImportBatchInput, type ImportResult } from './import-invoices.ts';
import { resolveCompanies } from './resolve.ts';
import { PaymentRow, type RowProblem } from './rows.ts';
import { rejectBatch, validateRows } from './validate-rows.ts';

type InvoiceRef = {
  id: string;
  external_id: string;
  company_id: string;
  currency: string;
};

export async function importPayments({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof ImportBatchInput>;
}): Promise<ImportResult> {
  assertAdmin(ctx, 'import payments');
  const { source, rows, dryRun } = parseInput(ImportBatchInput, input);
  const { valid, problems } = validateRows(PaymentRow, rows);
  const invoiceIds = valid.flatMap((entry) =>
    entry.row.invoiceExternalId ? [entry.row.invoiceExternalId] : [],
  );
  const invoices = await queryRows<InvoiceRef>(
    ctx.db,
    sql`select id, external_id, company_id, currency from invoices where source = ${source}
      and external_id = ${anyText(invoiceIds)}`,
  );
  const invoiceByExt = new Map(invoices.map((invoice) => [invoice.external_id, invoice]));
  const companies = await resolveCompanies(
    ctx.db,
    valid.map((entry) => entry.row),
  );
  const resolved = valid.map((entry, i) => {
    const invoice = entry.row.invoiceExternalId ? invoiceByExt.get(entry.row.invoiceExternalId) : undefined;
    return { ...entry, invoice, companyId: invoice ? String(invoice.company_id) : companies[i] };
  });
  const unresolved: RowProblem[] = resolved.flatMap((entry) => {
    if (entry.row.invoiceExternalId && !entry.invoice) {
      return [{ row: entry.index, field: 'invoiceExternalId', message: `no ${source} invoice with this id` }];
    }
    if (entry.invoice && entry.invoice.currency !== entry.row.currency) {
      return [{ row: entry.index, field: 'currency', message: `invoice is in ${entry.invoice.currency}` }];
    }
    return entry.companyId
      ? []
      : [{ row: entry.index, field: 'company', message: 'no company with this reference' }];
  });
  if (problems.length + unresolved.length > 0) rejectBatch([...problems, ...unresolved]);

  const payload: PaymentPayload[] = resolved.map(({ index, row, invoice, companyId }) => ({
    index,
    ext: row.externalId,
    company: companyId,
    invoice: invoice ? String(invoice.id) : null,
    currency: row.currency,
    amount: row.amountMinor,
    received: row.receivedOn,
    method: row.method ?? null,
  }));
  if (dryRun) {
    const { previous } = await allocateBatch(ctx.db, ctx, source, payload, false);
    return { created: payload.length - previous.length, updated: previous.length, dryRun };
  }

  return ctx.db.transaction(async (tx) => {
    // Imports from one source take turns, so two runs of the same file cannot both apply a payment to
    // its invoice's balance: each reads the stored payments only once the other has committed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments-import:${source}`}))`);
    const { previous, allocation, balances } = await allocateBatch(tx, ctx, source, payload, true);
    const unapplied = new Map(allocation.payments.map((entry) => [entry.index, entry.unappliedMinor]));
    const json = JSON.stringify(
      payload.map((row) => ({
        ...row,
        amount: row.amount.toString(),
        unapplied: (unapplied.get(row.index) ?? 0n).toString(),
      })),
    );
    const stored = await queryRows<{ inserted: boolean; company_id: string }>(
      tx,
      sql`insert into payments (source, external_id, company_id, invoice_id, currency, amount_minor, unapplied_minor,
          received_on, method)
        select ${source}, r.ext, r.company::uuid, r.invoice::uuid, r.currency, r.amount::bigint, r.unapplied::bigint,
          r.received::date, r.method
        from jsonb_to_recordset(${json}::jsonb) as r(ext text, company text, invoice text, currency text, amount text,
          unapplied text, received text, method text)
        on conflict (source, external_id) do update set company_id = excluded.company_id,
          invoice_id = excluded.invoice_id, currency = excluded.currency, amount_minor = excluded.amount_minor,
          unapplied_minor = excluded.unapplied_minor, received_on = excluded.received_on, method = excluded.method
        returning (xmax = 0) as inserted, company_id`,
    );
    await writeBalances(tx, ctx.now, payload, balances, allocation);
    // A payment moved to another company leaves its old company's figures to recompute too.
    const companyIds = [...stored, ...previous].map((row) => String(row.company_id));
    await afterCreditDataChanged(tx, ctx, { companyIds });
    const created = stored.filter((row) => String(row.inserted) === 'true').length;
    return { created, updated: stored.length - created, dryRun };
  });
}
