// Raising and clearing risk flags in bulk, each statement writing the flags' audit rows too. The
// partial unique index (one active flag per company and code) makes a concurrent raise a no-op.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import type { DesiredFlag } from '../../domain/credit/flags.ts';
import type { ServiceContext } from '../context.ts';
import { auditInsert, column, jsonElements, jsonText } from './bulk-sql.ts';

export interface FlagRow {
  id: unknown;
  company_id: unknown;
  code: unknown;
}

export async function raiseFlags(
  tx: Queryable,
  ctx: ServiceContext,
  raise: (DesiredFlag & { companyId: string })[],
) {
  if (raise.length === 0) return [];
  return queryRows<FlagRow & Record<string, unknown>>(
    tx,
    sql`with r as (
          select * from unnest(${column(raise.map((f) => f.companyId))}::uuid[], ${column(raise.map((f) => f.code))}::text[],
            ${column(raise.map((f) => f.severity))}::text[]) with ordinality as r("companyId", code, severity, ord)
          join ${jsonElements(raise.map((f) => jsonText(f.facts)))} as e(facts, ord) using (ord)
        ), raised as (
          insert into risk_flags (company_id, code, severity, facts, raised_at)
          select r."companyId", r.code, r.severity, r.facts, ${ctx.now.toISOString()}::timestamptz from r
          on conflict (company_id, code) where cleared_at is null do nothing
          returning id, company_id, code, severity, facts
        ), audited as (
          ${auditInsert(
            ctx,
            'risk_flag.raise',
            'risk_flag',
            sql`select id::text as entity_id, null::jsonb as before, jsonb_build_object('companyId', company_id,
              'code', code, 'severity', severity, 'facts', facts) as after from raised`,
          )}
        )
        select id, company_id, code from raised`,
  );
}

export async function clearFlags(tx: Queryable, ctx: ServiceContext, ids: bigint[]) {
  if (ids.length === 0) return [];
  return queryRows<FlagRow & Record<string, unknown>>(
    tx,
    sql`with cleared as (
          update risk_flags set cleared_at = ${ctx.now.toISOString()}::timestamptz
          where id = any(${`{${ids.join(',')}}`}::bigint[]) and cleared_at is null
          returning id, company_id, code, severity, facts
        ), audited as (
          ${auditInsert(
            ctx,
            'risk_flag.clear',
            'risk_flag',
            sql`select id::text as entity_id, jsonb_build_object('companyId', company_id, 'code', code,
              'severity', severity, 'facts', facts) as before, null::jsonb as after from cleared`,
          )}
        )
        select id, company_id, code from cleared`,
  );
}
