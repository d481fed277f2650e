// Settles promises whose date has passed: kept when what they covered is paid, broken otherwise. A
// broken promise makes its invoices alert again (the scan's broken_promise stage) and feeds the credit
// engine's BROKEN_PROMISE flag.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.ts';
import type { Queryable } from '../../../db/types.ts';
import { outstandingNow } from '../../invoices/outstanding.ts';

export interface SettledPromise extends Record<string, unknown> {
  id: string;
  company_id: string;
  status: 'kept' | 'broken';
}

export async function settleDuePromises(tx: Queryable, now: Date, today: string): Promise<SettledPromise[]> {
  return queryRows<SettledPromise>(
    tx,
    sql`
    with settled as (
      update promises_to_pay p
      set status = case when exists (
            select 1 from invoices i
            where i.company_id = p.company_id and ${outstandingNow()}
              and (i.id = p.invoice_id or (p.invoice_id is null and i.due_on <= p.promised_on))
          ) then 'broken' else 'kept' end,
          resolved_at = ${now.toISOString()}::timestamptz
      where p.status = 'open' and p.promised_on < ${today}::date
      returning p.id, p.company_id, p.status, p.promised_on
    ),
    audited as (
      insert into audit_log (at, actor, action, entity_type, entity_id, before, after, reason)
      select ${now.toISOString()}::timestamptz, 'system:dunning', 'collections.promise_' || s.status, 'promise_to_pay', s.id::text,
             jsonb_build_object('status', 'open'), jsonb_build_object('status', s.status),
             'promised date ' || s.promised_on::text || ' passed'
      from settled s
      returning 1
    )
    select s.id, s.company_id, s.status, (select count(*) from audited) as audited from settled s
    `,
  );
}
