// Applies an import batch's payments to the balances of the invoices they name: reads what the batch
// replaces and the balances (locked when writing), runs the allocation under the policy's overpayment
// rule (refusals reject the batch, naming each row), and writes the balances that changed.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { type Allocation, allocatePayments } from '../../domain/credit/payment-allocation.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { anyText, anyUuid, instantParam } from '../sync/sql-values.ts';
import { overpaymentRule } from './overpayment.ts';
import { rejectBatch } from './validate-rows.ts';

/** One valid row of the batch, resolved to its company and invoice. */
export interface PaymentPayload {
  index: number;
  ext: string;
  company: string | null | undefined;
  invoice: string | null;
  currency: string;
  amount: bigint;
  received: string;
  method: string | null;
}

/**
 * Reads what the batch replaces and the balances of every invoice it touches (locked when writing), and
 * applies the batch to them; refusals reject the whole batch, naming each refused row.
 */
export async function allocateBatch(
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
  const { policy, fx } = await currentPolicy(db, ctx);
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
    overpaymentRule(policy, fx),
  );
  if (allocation.refused.length > 0) {
    rejectBatch(allocation.refused.map(({ index, message }) => ({ row: index, field: 'amount', message })));
  }
  return { previous, allocation, balances };
}

/** Writes the balances the batch changed; an invoice at zero is paid on its latest payment's date. */
export async function writeBalances(
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
