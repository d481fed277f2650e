// Imports invoices from a bookkeeping system: idempotent upserts keyed by (source, external id), up
// to 1,000 rows, all or nothing. Without an explicit balance, payments already recorded against an
// invoice are deducted from its amount.

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { afterCreditDataChanged } from '../sync/after-change.ts';
import { instantParam } from '../sync/sql-values.ts';
import { parseInput } from '../validate.ts';
import { resolveCompanies } from './resolve.ts';
import { ImportSource, InvoiceRow, type RowProblem } from './rows.ts';
import { rejectBatch, validateRows } from './validate-rows.ts';

export const ImportBatchInput = z.object({
  source: ImportSource,
  rows: z.array(z.unknown()),
  dryRun: z.boolean().default(false),
});

export interface ImportResult {
  created: number;
  updated: number;
  dryRun: boolean;
}

export async function importInvoices({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof ImportBatchInput>;
}): Promise<ImportResult> {
  assertAdmin(ctx, 'import invoices');
  const { source, rows, dryRun } = parseInput(ImportBatchInput, input);
  const { valid, problems } = validateRows(InvoiceRow, rows);
  const companies = await resolveCompanies(
    ctx.db,
    valid.map((entry) => entry.row),
  );
  const unresolved: RowProblem[] = valid.flatMap((entry, i) =>
    companies[i] ? [] : [{ row: entry.index, field: 'company', message: 'no company with this reference' }],
  );
  if (problems.length + unresolved.length > 0) rejectBatch([...problems, ...unresolved]);

  const payload = valid.map(({ row }, i) => ({
    ext: row.externalId,
    company: companies[i],
    number: row.number ?? null,
    currency: row.currency,
    amount: row.amountMinor.toString(),
    balance: row.balanceMinor?.toString() ?? null,
    issued: row.issuedOn,
    due: row.dueOn,
    status: row.status ?? null,
    paid: row.paidOn ?? null,
  }));
  const json = sql`${JSON.stringify(payload)}::jsonb`;
  if (dryRun) {
    const existing = await queryRows<{ n: string }>(
      ctx.db,
      sql`select count(*)::text as n from invoices i join jsonb_to_recordset(${json}) as r(ext text)
        on i.external_id = r.ext where i.source = ${source}`,
    );
    const updated = Number(existing[0]?.n ?? 0);
    return { created: payload.length - updated, updated, dryRun };
  }
  return ctx.db.transaction(async (tx) => {
    const stored = await queryRows<{ inserted: boolean; company_id: string }>(
      tx,
      sql`insert into invoices (source, external_id, company_id, number, currency, amount_minor, balance_minor,
          issued_on, due_on, status, paid_on, updated_at)
        select ${source}, r.ext, r.company::uuid, r.number, r.currency, r.amount::bigint,
          coalesce(r.balance, r.amount)::bigint, r.issued::date, r.due::date,
          coalesce(r.status, case when coalesce(r.balance, r.amount)::bigint = 0 then 'paid' else 'open' end),
          case when coalesce(r.balance, r.amount)::bigint = 0 then coalesce(r.paid, r.issued)::date else r.paid::date end,
          ${instantParam(ctx.now)}
        from jsonb_to_recordset(${json}) as r(ext text, company text, number text, currency text, amount text,
          balance text, issued text, due text, status text, paid text)
        on conflict (source, external_id) do update set
          company_id = excluded.company_id, number = excluded.number, currency = excluded.currency,
          amount_minor = excluded.amount_minor,
          balance_minor = case when (select r2.balance from jsonb_to_recordset(${json}) as r2(ext text, balance text)
              where r2.ext = excluded.external_id) is not null then excluded.balance_minor
            else excluded.amount_minor - coalesce((select sum(p.amount_minor) from payments p where p.invoice_id = invoices.id), 0) end,
          issued_on = excluded.issued_on, due_on = excluded.due_on, status = excluded.status,
          paid_on = excluded.paid_on, updated_at = excluded.updated_at
        returning (xmax = 0) as inserted, company_id`,
    );
    await afterCreditDataChanged(tx, ctx, { companyIds: stored.map((row) => String(row.company_id)) });
    const created = stored.filter((row) => row.inserted === true || String(row.inserted) === 'true').length;
    return { created, updated: stored.length - created, dryRun };
  });
}
