// Imports payments: idempotent upserts keyed by (source, external id), all or nothing. A re-imported
// payment first gives back what it applied before (so importing the same file again changes nothing);
// then each payment is applied to its invoice's open balance, never below zero. An excess beyond the
// policy's tolerance is refused with the invoice, its balance and the amount named, or kept as unapplied
// cash on the payment (`payments.overpayment`). An invoice whose balance reaches zero is paid on that date.

import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { type Allocation, allocatePayments } from '../../domain/credit/payment-allocation.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { afterCreditDataChanged } from '../sync/after-change.ts';
import { anyText, anyUuid, instantParam } from '../sync/sql-values.ts';
import { parseInput } from '../validate.ts';
import { ImportBatchInput, type ImportResult } from './import-invoices.ts';
import { overpaymentRule } from './overpayment.ts';
import { resolveCompanies } from './resolve.ts';
import { PaymentRow, type RowProblem } from './rows.ts';
import { rejectBatch, validateRows } from './validate-rows.ts';

type InvoiceRef = {
  id: string;
  external_id: string;
  company_id: string;
  currency: string;
};

interface PaymentPayload {
  index: number;
  ext: string;
  company: string | null | undefined;
  invoice: string | null;
  currency: string;
  amount: bigint;
  received: string;
  method: string | null;
}

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
    const { previous } = await allocate(ctx.db, ctx, source, payload, false);
    return { created: payload.length - previous.length, updated: previous.length, dryRun };
  }

  return ctx.db.transaction(async (tx) => {
    // Imports from one source take turns, so two runs of the same file cannot both apply a payment to
    // its invoice's balance: each reads the stored payments only once the other has committed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments-import:${source}`}))`);
    const { previous, allocation, balances } = await allocate(tx, ctx, source, payload, true);
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

/**
 * Reads what the batch replaces and the balances of every invoice it touches (locked when writing), and
 * applies the batch to them; refusals reject the whole batch, naming each refused row.
 */
async function allocate(
  db: Queryable,
  ctx: ServiceContext,
  source: string,
  payload: readonly PaymentPayload[],
  lock: boolean,
) {
  const previous = await queryRows<{
    external_id: string;
    amount_minor: unknown;
    unapplied_minor: unknown;
    invoice_id: string | null;
    company_id: string;
  }>(
    db,
    sql`select external_id, amount_minor, unapplied_minor, invoice_id, company_id from payments
      where source = ${source} and external_id = ${anyText(payload.map((row) => row.ext))}`,
  );
  const ids = [
    ...new Set([
      ...payload.flatMap((row) => (row.invoice ? [row.invoice] : [])),
      ...previous.flatMap((row) => (row.invoice_id ? [String(row.invoice_id)] : [])),
    ]),
  ];
  const invoices = await queryRows<{
    id: string;
    label: string;
    currency: string;
    balance_minor: unknown;
  }>(
    db,
    sql`select id, coalesce(number, external_id) as label, currency, balance_minor from invoices
      where id = ${anyUuid(ids)} order by id ${lock ? sql`for update` : sql``}`,
  );
  const balances = new Map(invoices.map((row) => [String(row.id), BigInt(String(row.balance_minor))]));
  const { policy } = await currentPolicy(db, ctx);
  const allocation = allocatePayments(
    invoices.map((row) => ({
      id: String(row.id),
      label: String(row.label),
      currency: String(row.currency).trim(),
      balanceMinor: BigInt(String(row.balance_minor)),
    })),
    previous.map((row) => ({
      invoiceId: row.invoice_id ? String(row.invoice_id) : null,
      amountMinor: BigInt(String(row.amount_minor)),
      unappliedMinor: BigInt(String(row.unapplied_minor)),
    })),
    payload.map((row) => ({
      index: row.index,
      invoiceId: row.invoice,
      currency: row.currency,
      amountMinor: row.amount,
    })),
    overpaymentRule(policy),
  );
  if (allocation.refused.length > 0) {
    rejectBatch(allocation.refused.map(({ index, message }) => ({ row: index, field: 'amount', message })));
  }
  return { previous, allocation, balances };
}

/** Writes the balances the batch changed; an invoice at zero is paid on its latest payment's date. */
async function writeBalances(
  tx: Queryable,
  now: Date,
  payload: readonly PaymentPayload[],
  before: ReadonlyMap<string, bigint>,
  allocation: Allocation,
): Promise<void> {
  const received = new Map<string, string>();
  for (const row of payload) {
    if (!row.invoice) continue;
    const latest = received.get(row.invoice);
    if (!latest || row.received > latest) received.set(row.invoice, row.received);
  }
  const changes = [...allocation.balances].filter(([id, balance]) => before.get(id) !== balance);
  if (changes.length === 0) return;
  const json = JSON.stringify(
    changes.map(([id, balance]) => ({ id, balance: balance.toString(), received: received.get(id) ?? null })),
  );
  await tx.execute(
    sql`update invoices i set
        balance_minor = r.balance::bigint,
        status = case when r.balance::bigint = 0 and i.status = 'open' then 'paid'
          when r.balance::bigint > 0 and i.status = 'paid' then 'open' else i.status end,
        paid_on = case when r.balance::bigint = 0 then coalesce(i.paid_on, r.received::date) else null end,
        updated_at = ${instantParam(now)}
      from jsonb_to_recordset(${json}::jsonb) as r(id uuid, balance text, received text)
      where i.id = r.id`,
  );
}
