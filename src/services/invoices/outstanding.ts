// What is outstanding on an invoice, defined once. Every figure — exposure, aging, DSO, best possible
// DSO, ADD, CEI, the forecast, the digests and the dunning scan — counts an invoice's open amount by
// this definition, so the credit file and the metrics never disagree.
//
// On a day `d`: nothing before the invoice was issued, nothing once it was paid (by its paid date) or
// written off (by the day it was marked), and otherwise its stored balance as it stood on `d`: today's
// balance plus the payments received after `d`, never more than the amount. The stored balance is the
// truth for today (an import's balance, HubSpot's hs_balance_due, or amount less our payment rows);
// payments rebuild earlier days. A paid invoice whose payments we do not hold (HubSpot's) was owed in
// full until its paid date.

import { type SQL, sql } from 'drizzle-orm';

/** The open amount of invoice `i` (an alias in the query) at the end of day `d`, in its currency. */
export const outstandingOn = (d: SQL) => sql`case
  when i.status not in ('open', 'paid', 'written_off') or i.issued_on > ${d} then 0
  when i.status = 'paid' and i.paid_on is not null and i.paid_on <= ${d} then 0
  when i.status = 'written_off' and i.updated_at::date <= ${d} then 0
  when i.status = 'paid' then greatest(0, i.amount_minor - coalesce((select sum(p.amount_minor) from payments p
    where p.invoice_id = i.id and p.received_on <= ${d}), 0))
  else least(i.amount_minor, greatest(0, i.balance_minor) + coalesce((select sum(p.amount_minor) from payments p
    where p.invoice_id = i.id and p.received_on > ${d}), 0)) end`;

/**
 * The same definition on the day the facts are read (no payment is received after it): an open
 * invoice's stored balance. Hot paths (exposure, the scan, digests) filter with this instead of
 * evaluating `outstandingOn(today)` per row; a test keeps the two equal.
 */
export function outstandingNow(alias = 'i'): SQL {
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  return sql`${column('status')} = 'open' and ${column('balance_minor')} > 0`;
}
