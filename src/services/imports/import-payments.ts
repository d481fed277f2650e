// Imports payments: idempotent upserts keyed by (source, external id), all or nothing. Each payment
// reduces its invoice's balance by the difference to what was recorded before (so re-importing the
// same file changes nothing), and an invoice whose balance reaches zero is paid on that date.

import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { afterCreditDataChanged } from '../sync/after-change.ts';
import { anyText, instantParam } from '../sync/sql-values.ts';
import { parseInput } from '../validate.ts';
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

  const payload = resolved.map(({ row, invoice, companyId }) => ({
    ext: row.externalId,
    company: companyId,
    invoice: invoice ? String(invoice.id) : null,
    currency: row.currency,
    amount: row.amountMinor.toString(),
    received: row.receivedOn,
    method: row.method ?? null,
  }));
  const json = sql`${JSON.stringify(payload)}::jsonb`;
  const readPrevious = (db: Parameters<typeof queryRows>[0]) =>
    queryRows<{ external_id: string; amount_minor: unknown; invoice_id: string | null; company_id: string }>(
      db,
      sql`select external_id, amount_minor, invoice_id, company_id from payments where source = ${source}
        and external_id in (select r.ext from jsonb_to_recordset(${json}) as r(ext text))`,
    );
  if (dryRun) {
    const previous = await readPrevious(ctx.db);
    return { created: payload.length - previous.length, updated: previous.length, dryRun };
  }

  return ctx.db.transaction(async (tx) => {
    // Imports from one source take turns, so two runs of the same file cannot both apply a payment to
    // its invoice's balance: each reads the stored payments only once the other has committed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments-import:${source}`}))`);
    const previous = await readPrevious(tx);
    const stored = await queryRows<{ inserted: boolean; company_id: string }>(
      tx,
      sql`insert into payments (source, external_id, company_id, invoice_id, currency, amount_minor, received_on, method)
        select ${source}, r.ext, r.company::uuid, r.invoice::uuid, r.currency, r.amount::bigint, r.received::date, r.method
        from jsonb_to_recordset(${json}) as r(ext text, company text, invoice text, currency text, amount text,
          received text, method text)
        on conflict (source, external_id) do update set company_id = excluded.company_id,
          invoice_id = excluded.invoice_id, currency = excluded.currency, amount_minor = excluded.amount_minor,
          received_on = excluded.received_on, method = excluded.method
        returning (xmax = 0) as inserted, company_id`,
    );
    await applyBalanceChanges(tx, ctx.now, payload, previous);
    // A payment moved to another company leaves its old company's figures to recompute too.
    const companyIds = [...stored, ...previous].map((row) => String(row.company_id));
    await afterCreditDataChanged(tx, ctx, { companyIds });
    const created = stored.filter((row) => String(row.inserted) === 'true').length;
    return { created, updated: stored.length - created, dryRun };
  });
}

async function applyBalanceChanges(
  tx: Parameters<typeof queryRows>[0],
  now: Date,
  payload: readonly { ext: string; invoice: string | null; amount: string; received: string }[],
  previous: readonly { external_id: string; amount_minor: unknown; invoice_id: string | null }[],
): Promise<void> {
  const delta = new Map<string, { paid: bigint; received: string | null }>();
  const bump = (invoice: string, amount: bigint, received: string | null) => {
    const entry = delta.get(invoice) ?? { paid: 0n, received: null };
    entry.paid += amount;
    if (received && (!entry.received || received > entry.received)) entry.received = received;
    delta.set(invoice, entry);
  };
  for (const old of previous)
    if (old.invoice_id) bump(String(old.invoice_id), -BigInt(String(old.amount_minor)), null);
  for (const row of payload) if (row.invoice) bump(row.invoice, BigInt(row.amount), row.received);
  const changes = [...delta].filter(([, entry]) => entry.paid !== 0n);
  if (changes.length === 0) return;
  const json = JSON.stringify(
    changes.map(([id, entry]) => ({ id, paid: entry.paid.toString(), received: entry.received })),
  );
  await tx.execute(
    sql`update invoices i set
        balance_minor = i.balance_minor - r.paid::bigint,
        status = case when i.balance_minor - r.paid::bigint <= 0 and i.status = 'open' then 'paid'
          when i.balance_minor - r.paid::bigint > 0 and i.status = 'paid' then 'open' else i.status end,
        paid_on = case when i.balance_minor - r.paid::bigint <= 0 then coalesce(i.paid_on, r.received::date) else null end,
        updated_at = ${instantParam(now)}
      from jsonb_to_recordset(${json}::jsonb) as r(id uuid, paid text, received text)
      where i.id = r.id`,
  );
}
