// Reads what a digest shows for a set of alerts: the invoice, the customer with its score and active
// flags, and who the account manager is. Flags are read as the credit engine left them.

import { type SQL, sql } from 'drizzle-orm';
import type { Config } from '../../../config/schema.ts';
import { queryRows } from '../../../db/rows.ts';
import type { Queryable } from '../../../db/types.ts';
import type { DunningStage } from '../../../domain/policy/schema.ts';
import type { DigestCustomer, DigestLine } from '../../../integrations/slack/blocks/digest.ts';
import { BROKEN_PROMISE_STAGE } from './decide.ts';

export interface AlertFact extends DigestLine {
  alertId: string;
  ownerId: string | null;
  ownerSlackUserId: string | null;
  ownerName: string | null;
  companyName: string;
  score: number | null;
  riskLevel: string | null;
  flags: string[];
  stage: string;
  dueOn: string;
  localDate: string;
  termsDays: number | null;
}

interface Row extends Record<string, unknown> {
  alert_id: string;
  invoice_id: string;
  company_id: string;
  owner_id: string | null;
  stage: string;
  status: string;
  detail: { daysLate?: number; localDate?: string } | string | null;
  due_on: string | Date;
  terms_days: number | string | null;
  number: string;
  balance_minor: string | bigint;
  amount_minor: string | bigint;
  currency: string;
  paid_on: string | Date | null;
  invoice_status: string;
  company_name: string;
  hubspot_id: string | null;
  score: number | string | null;
  risk_level: string | null;
  flags: string[] | string | null;
  slack_user_id: string | null;
  owner_name: string | null;
}

/** `where` selects dunning_alerts rows (alias d). */
export async function loadAlertFacts(
  db: Queryable,
  where: SQL,
  ladder: readonly DunningStage[],
  config: Config,
): Promise<AlertFact[]> {
  const rows = await queryRows<Row>(
    db,
    sql`
    with picked as (select * from dunning_alerts d where ${where}),
    flags as (
      select f.company_id, array_agg(f.code order by f.code) as codes
      from risk_flags f
      where f.cleared_at is null and f.company_id in (select company_id from picked)
      group by f.company_id
    )
    select d.id as alert_id, d.invoice_id, d.company_id, d.owner_id, d.stage, d.status, d.detail,
           coalesce(i.number, i.external_id) as number, i.balance_minor, i.amount_minor, i.currency, i.paid_on, i.due_on,
           coalesce(i.terms_days, cp.terms_days) as terms_days,
           i.status as invoice_status, c.name as company_name, c.hubspot_id, cp.score, cp.risk_level,
           fl.codes as flags,
           o.slack_user_id, nullif(trim(concat_ws(' ', o.first_name, o.last_name)), '') as owner_name
    from picked d
    join invoices i on i.id = d.invoice_id
    join companies c on c.id = d.company_id
    left join credit_profiles cp on cp.company_id = d.company_id
    left join owners o on o.id = d.owner_id
    left join flags fl on fl.company_id = d.company_id
    order by c.name, d.company_id, i.due_on, d.invoice_id
    `,
  );
  const stages = new Map(ladder.map((stage) => [stage.key, stage]));
  return rows.map((row) => {
    const stage = stages.get(row.stage);
    const detail = typeof row.detail === 'string' ? JSON.parse(row.detail) : (row.detail ?? {});
    const paid = row.invoice_status !== 'open' || BigInt(row.balance_minor) <= 0n;
    return {
      alertId: row.alert_id,
      invoiceId: row.invoice_id,
      companyId: row.company_id,
      ownerId: row.owner_id,
      ownerSlackUserId: row.slack_user_id,
      ownerName: row.owner_name,
      companyName: row.company_name,
      number: row.number,
      // A paid line shows what was paid, not the zero left.
      balanceMinor: paid ? BigInt(row.amount_minor) : BigInt(row.balance_minor),
      currency: row.currency.trim(),
      daysLate: Number(detail.daysLate ?? 0),
      stage: row.stage,
      dueOn: day(row.due_on),
      localDate: String(detail.localDate ?? '').slice(0, 10),
      termsDays: row.terms_days === null ? null : Number(row.terms_days),
      stageLabel:
        stage?.label ?? (row.stage.startsWith(BROKEN_PROMISE_STAGE) ? 'Promise to pay broken' : row.stage),
      suggestion: stage?.suggestion ?? 'The promised date passed unpaid: call the customer again.',
      paidOn: paid ? (row.paid_on ? day(row.paid_on) : 'recently') : null,
      hubspotUrl:
        row.hubspot_id && config.HUBSPOT_PORTAL_ID
          ? `https://app.hubspot.com/contacts/${config.HUBSPOT_PORTAL_ID}/record/0-2/${row.hubspot_id}`
          : null,
      score: row.score === null ? null : Number(row.score),
      riskLevel: row.risk_level,
      flags: parseArray(row.flags),
    };
  });
}

function day(value: string | Date): string {
  return (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
}

function parseArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

/** Groups facts (already ordered by customer) into digest customers. */
export function groupByCustomer(facts: readonly AlertFact[]): DigestCustomer[] {
  const customers = new Map<string, DigestCustomer & { lines: DigestLine[] }>();
  for (const fact of facts) {
    let customer = customers.get(fact.companyId);
    if (!customer) {
      customer = {
        companyId: fact.companyId,
        name: fact.companyName,
        score: fact.score,
        riskLevel: fact.riskLevel,
        flags: fact.flags,
        lines: [],
      };
      customers.set(fact.companyId, customer);
    }
    customer.lines.push(fact);
  }
  return [...customers.values()];
}

/** A uuid[] literal as one text parameter, so large id sets bind as a single value on both drivers. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
