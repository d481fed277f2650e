// Decides, in one set-based statement, which invoices enter a dunning stage now. Each invoice gets the
// highest stage its days late reach (never an earlier one it skipped past, never one it already had),
// plus a re-alert for each broken promise. Disputed, promised and snoozed invoices wait; customers at
// their weekly contact cap wait. The unique (invoice, stage) index makes every decision happen once,
// however many scans run; agency and legal stages open their pending approval in the same statement,
// and invoices.dunning_stage is moved forward with each alert so the next scan skips unchanged invoices.

import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.ts';
import type { Queryable } from '../../../db/types.ts';
import type { DunningStage } from '../../../domain/policy/schema.ts';
import { outstandingNow } from '../../invoices/outstanding.ts';
import { NO_OWNER, type OpenWindow } from './windows.ts';

export const BROKEN_PROMISE_STAGE = 'broken_promise';

export interface DecidedAlert {
  id: string;
  invoiceId: string;
  companyId: string;
  ownerId: string | null;
  stage: string;
  daysLate: number;
  localDate: string;
}

interface Row extends Record<string, unknown> {
  id: string;
  invoice_id: string;
  company_id: string;
  owner_id: string | null;
  stage: string;
  days_late: number | string;
  local_date: string | Date;
}

function stageCase(ladder: readonly DunningStage[], daysLate: SQL): SQL {
  const byOffsetDesc = [...ladder].sort((a, b) => b.offsetDays - a.offsetDays);
  const whens = byOffsetDesc.map(
    (stage) => sql`when ${daysLate} >= ${stage.offsetDays}::int then ${stage.key}::text`,
  );
  return sql`case ${sql.join(whens, sql` `)} end`;
}

function ordinalOf(ladder: readonly DunningStage[], key: SQL): SQL {
  const whens = ladder.map((stage, index) => sql`when ${stage.key}::text then ${index}::int`);
  return sql`case ${key} ${sql.join(whens, sql` `)} else -1 end`;
}

export interface DecisionInput {
  now: Date;
  ladder: readonly DunningStage[];
  windows: readonly OpenWindow[];
  maxContactsPer7Days: number;
}

export async function decideStages(tx: Queryable, input: DecisionInput): Promise<DecidedAlert[]> {
  if (input.windows.length === 0) return [];
  const rows = await queryRows<Row>(tx, decisionSql(input));
  return rows.map((row) => ({
    id: row.id,
    invoiceId: row.invoice_id,
    companyId: row.company_id,
    ownerId: row.owner_id,
    stage: row.stage,
    daysLate: Number(row.days_late),
    localDate: String(row.local_date).slice(0, 10),
  }));
}

/** The statement itself, exported so the benchmark can EXPLAIN it. */
export function decisionSql(input: DecisionInput): SQL {
  const { now, ladder, windows } = input;
  const minOffset = Math.min(...ladder.map((stage) => stage.offsetDays));
  const approvalStages = ladder.filter((stage) => stage.approvalKind);
  const eligible = sql.join(
    windows.map((window) => sql`(${window.ownerKey}::uuid, ${window.localDate}::date)`),
    sql`, `,
  );
  const approvalKind = approvalStages.length
    ? sql`case i.stage ${sql.join(
        approvalStages.map((stage) => sql`when ${stage.key}::text then ${stage.approvalKind ?? ''}::text`),
        sql` `,
      )} end`
    : sql`null::text`;
  const today = now.toISOString().slice(0, 10);
  const latestDate =
    windows
      .map((window) => window.localDate)
      .sort()
      .at(-1) ?? today;
  return sql`
    with eligible(owner_key, local_date) as (values ${eligible}),
    open_invoices as not materialized (
      select i.id, i.company_id, c.owner_id, e.local_date, (e.local_date - i.due_on) as days_late,
             i.balance_minor, i.currency, i.dunning_stage, i.due_on
      from invoices i
      join companies c on c.id = i.company_id and c.archived_at is null
      join eligible e on e.owner_key = coalesce(c.owner_id, ${NO_OWNER}::uuid)
      where ${outstandingNow()} and i.due_on <= e.local_date - ${minOffset}::int
    ),
    -- Stages only move forward with days late: an invoice whose stage at the latest local date in
    -- play is no further than the one it already had cannot have entered a new stage. This test needs
    -- nothing but the invoice row, so unchanged invoices drop out before any join.
    moved as not materialized (
      select o.* from open_invoices o
      where ${ordinalOf(ladder, sql`o.dunning_stage`)} < ${ordinalOf(ladder, stageCase(ladder, sql`(${latestDate}::date - o.due_on)`))}
    ),
    laddered as (
      select o.*, ${stageCase(ladder, sql`o.days_late`)} as stage from moved o
    ),
    staged as (
      select l.* from laddered l
      where l.stage is not null
        and ${ordinalOf(ladder, sql`l.dunning_stage`)} < ${ordinalOf(ladder, sql`l.stage`)}
      union all
      select i.id, i.company_id, c.owner_id, e.local_date, (e.local_date - i.due_on) as days_late,
             i.balance_minor, i.currency, i.dunning_stage, i.due_on, ${BROKEN_PROMISE_STAGE}::text || ':' || p.id::text as stage
      from promises_to_pay p
      join invoices i on i.company_id = p.company_id and (i.id = p.invoice_id or p.invoice_id is null)
      join companies c on c.id = i.company_id and c.archived_at is null
      join eligible e on e.owner_key = coalesce(c.owner_id, ${NO_OWNER}::uuid)
      where p.status = 'broken' and ${outstandingNow()}
        and (i.id = p.invoice_id or e.local_date > i.due_on)
        and not exists (
          select 1 from dunning_alerts d
          where d.invoice_id = i.id and d.stage = ${BROKEN_PROMISE_STAGE}::text || ':' || p.id::text
        )
    ),
    recent_contacts as (
      select d.company_id, count(distinct date_trunc('day', d.alerted_at at time zone 'UTC')) as days
      from dunning_alerts d
      where d.company_id in (select company_id from staged)
        and d.status in ('queued', 'sent', 'resolved')
        and d.alerted_at > ${now.toISOString()}::timestamptz - interval '7 days'
        and d.alerted_at < ${today}::date::timestamp at time zone 'UTC'
      group by d.company_id
    ),
    actionable as (
      select s.* from staged s
      left join recent_contacts rc on rc.company_id = s.company_id
      where coalesce(rc.days, 0) < ${input.maxContactsPer7Days}::int
        and not exists (
          select 1 from grievances g
          where g.invoice_id = s.id and g.status in ('open', 'investigating')
        )
        and not exists (
          select 1 from promises_to_pay p
          where p.company_id = s.company_id and p.status = 'open' and p.promised_on >= s.local_date
            and (p.invoice_id = s.id or p.invoice_id is null)
        )
        and not exists (
          select 1 from invoice_snoozes z where z.invoice_id = s.id and z.until > s.local_date
        )
    ),
    inserted as (
      insert into dunning_alerts (invoice_id, company_id, owner_id, stage, status, detail, alerted_at)
      select a.id, a.company_id, a.owner_id, a.stage, 'queued',
             jsonb_build_object('daysLate', a.days_late, 'localDate', a.local_date), ${now.toISOString()}::timestamptz
      from actionable a
      order by a.id, a.stage
      on conflict (invoice_id, stage) do nothing
      returning id, invoice_id, company_id, owner_id, stage, detail
    ),
    progressed as (
      update invoices set dunning_stage = x.stage
      from inserted x
      where invoices.id = any(array(select invoice_id from inserted))
        and invoices.id = x.invoice_id and x.stage not like ${`${BROKEN_PROMISE_STAGE}:%`}
      returning 1
    ),
    approvals as (
      insert into approval_requests (kind, company_id, invoice_id, amount_minor, currency, requested_by, reason, context,
        created_at)
      select k.kind, k.company_id, k.invoice_id, a.balance_minor, a.currency, 'system:dunning',
             'Dunning stage ' || k.stage || ' reached', jsonb_build_object('stage', k.stage, 'alertId', k.id),
             ${now.toISOString()}::timestamptz
      from (select i.*, ${approvalKind} as kind from inserted i) k
      join actionable a on a.id = k.invoice_id and a.stage = k.stage
      where k.kind is not null
      on conflict do nothing
      returning id, kind, company_id, invoice_id
    ),
    audited as (
      insert into audit_log (at, actor, action, entity_type, entity_id, after, reason)
      select ${now.toISOString()}::timestamptz, 'system:dunning', 'approval.requested', 'approval_request', a.id::text,
             jsonb_build_object('kind', a.kind, 'companyId', a.company_id, 'invoiceId', a.invoice_id),
             'dunning ladder'
      from approvals a
      returning 1
    )
    select i.id, i.invoice_id, i.company_id, i.owner_id, i.stage,
           (i.detail->>'daysLate')::int as days_late, i.detail->>'localDate' as local_date,
           (select count(*) from audited) as approvals, (select count(*) from progressed) as progressed
    from inserted i
    `;
}
