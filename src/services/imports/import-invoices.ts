// Imports invoices from a bookkeeping system: idempotent upserts keyed by (source, external id), up
// to 1,000 rows, all or nothing. Without an explicit balance, what payments already apply to an
// invoice is deducted from its amount; an amount that drops below that is refused, or (as the policy's
// `payments.overpayment` says) the excess goes back to the latest payments as unapplied cash.

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { releaseExcess } from '../../domain/credit/payment-allocation.ts';
import { formatMoney } from '../../domain/money.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { afterCreditDataChanged } from '../sync/after-change.ts';
import { anyText, instantParam } from '../sync/sql-values.ts';
import { parseInput } from '../validate.ts';
import { overpaymentRule } from './overpayment.ts';
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

type ValidInvoice = { index: number; row: InvoiceRow; company: string };

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
  const entries: ValidInvoice[] = valid.map((entry, i) => ({ ...entry, company: String(companies[i]) }));

  if (dryRun) {
    const { existing } = await settle(ctx.db, ctx, source, entries, false);
    return { created: entries.length - existing, updated: existing, dryRun };
  }
  return ctx.db.transaction(async (tx) => {
    // The payment import of this source takes the same lock: what is applied to an invoice cannot change
    // between reading it here and writing the balance.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payments-import:${source}`}))`);
    const { payload, releases } = await settle(tx, ctx, source, entries, true);
    if (releases.length > 0) {
      await tx.execute(
        sql`update payments p set unapplied_minor = p.unapplied_minor + r.released::bigint
          from jsonb_to_recordset(${JSON.stringify(releases)}::jsonb) as r(id uuid, released text)
          where p.id = r.id`,
      );
    }
    const stored = await queryRows<{ inserted: boolean; company_id: string }>(
      tx,
      sql`insert into invoices (source, external_id, company_id, number, currency, amount_minor, balance_minor,
          issued_on, due_on, status, paid_on, updated_at)
        select ${source}, r.ext, r.company::uuid, r.number, r.currency, r.amount::bigint, r.balance::bigint,
          r.issued::date, r.due::date, r.status, r.paid::date, ${instantParam(ctx.now)}
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(ext text, company text, number text,
          currency text, amount text, balance text, issued text, due text, status text, paid text)
        on conflict (source, external_id) do update set
          company_id = excluded.company_id, number = excluded.number, currency = excluded.currency,
          amount_minor = excluded.amount_minor, balance_minor = excluded.balance_minor,
          issued_on = excluded.issued_on, due_on = excluded.due_on, status = excluded.status,
          paid_on = excluded.paid_on, updated_at = excluded.updated_at
        returning (xmax = 0) as inserted, company_id`,
    );
    await afterCreditDataChanged(tx, ctx, { companyIds: stored.map((row) => String(row.company_id)) });
    const created = stored.filter((row) => row.inserted === true || String(row.inserted) === 'true').length;
    return { created, updated: stored.length - created, dryRun };
  });
}

/**
 * Each row's balance (given, or its amount less what payments already apply), status and paid date; an
 * amount below what is applied is refused (rejecting the batch) or releases the excess to its payments.
 */
async function settle(
  db: Queryable,
  ctx: ServiceContext,
  source: string,
  entries: readonly ValidInvoice[],
  lock: boolean,
) {
  const stored = await queryRows<{
    id: string;
    external_id: string;
    paid_on: string | null;
    applied: unknown;
  }>(
    db,
    sql`select i.id, i.external_id, i.paid_on::text as paid_on,
        (select coalesce(sum(p.amount_minor - p.unapplied_minor), 0) from payments p where p.invoice_id = i.id)
          as applied
      from invoices i where i.source = ${source} and i.external_id = ${anyText(entries.map((e) => e.row.externalId))}
      ${lock ? sql`for update of i` : sql``}`,
  );
  const byExt = new Map(stored.map((row) => [String(row.external_id), row]));
  const { policy, fx } = await currentPolicy(db, ctx);
  const rule = overpaymentRule(policy, fx);
  const problems: RowProblem[] = [];
  const releases: { id: string; released: string }[] = [];
  const payload = [];
  for (const { index, row, company } of entries) {
    const existing = byExt.get(row.externalId);
    const applied = existing ? BigInt(String(existing.applied)) : 0n;
    let balance = row.balanceMinor ?? row.amountMinor - applied;
    if (balance < 0n && existing) {
      const excess = -balance;
      if (rule.overpayment === 'refuse' && excess > rule.toleranceMinor(row.currency)) {
        const money = (minor: bigint) => formatMoney({ minor, currency: row.currency });
        problems.push({
          row: index,
          field: 'amount',
          message: `invoice ${row.number ?? row.externalId} already has ${money(applied)} of payments applied; an amount of ${money(row.amountMinor)} would leave ${money(excess)} paid too much`,
        });
        continue;
      }
      for (const release of releaseExcess(await appliedPayments(db, String(existing.id)), excess))
        releases.push({ id: release.id, released: release.releasedMinor.toString() });
      balance = 0n;
    }
    const paidOn = balance === 0n ? (row.paidOn ?? existing?.paid_on ?? row.issuedOn) : (row.paidOn ?? null);
    payload.push({
      ext: row.externalId,
      company,
      number: row.number ?? null,
      currency: row.currency,
      amount: row.amountMinor.toString(),
      balance: balance.toString(),
      issued: row.issuedOn,
      due: row.dueOn,
      status: row.status ?? (balance === 0n ? 'paid' : 'open'),
      paid: paidOn,
    });
  }
  if (problems.length > 0) rejectBatch(problems);
  return { payload, releases, existing: stored.length };
}

/** An invoice's payments with what each applies to it, latest first. */
async function appliedPayments(db: Queryable, invoiceId: string) {
  const rows = await queryRows<{ id: string; applied: unknown }>(
    db,
    sql`select id, amount_minor - unapplied_minor as applied from payments where invoice_id = ${invoiceId}::uuid
      order by received_on desc, created_at desc, id desc`,
  );
  return rows.map((row) => ({ id: String(row.id), appliedMinor: BigInt(String(row.applied)) }));
}
