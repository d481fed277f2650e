// Stores assessments set-based: changed profiles upserted in one statement, flags raised and cleared in
// one statement each, their audit rows in one more, then the outbox effects (HubSpot push of every
// company whose figures or flags changed; a Slack post for each raised flag the policy announces).

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { diffFlags } from '../../domain/credit/flags.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { actorLabel, type ServiceContext } from '../context.ts';
import { queueHubspotCreditPush, queueSlackPost } from '../outbox/effects.ts';
import type { CompanyAssessment } from './assemble.ts';
import type { LoadedFacts } from './load-facts.ts';
import { big } from './sql-values.ts';

export interface PersistStats {
  changed: number;
  raised: number;
  cleared: number;
}

interface AuditRow {
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

const json = (value: unknown) => sql`${JSON.stringify(toJsonSafe(value))}::jsonb`;

async function insertAudits(tx: Queryable, ctx: ServiceContext, rows: AuditRow[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into audit_log (at, actor, action, entity_type, entity_id, before, after, reason, request_id)
    select ${ctx.now.toISOString()}::timestamptz, ${actorLabel(ctx.actor)}, r.action, r.entity_type, r.entity_id,
      r.before, r.after, r.reason, ${ctx.requestId ?? null}
    from jsonb_to_recordset(${json(rows)})
      as r(action text, entity_type text, entity_id text, before jsonb, after jsonb, reason text)`);
}

async function upsertProfiles(
  tx: Queryable,
  ctx: ServiceContext,
  results: CompanyAssessment[],
  version: number,
) {
  if (results.length === 0) return;
  const rows = results.map(({ row }) => ({ ...row, policyVersion: version }));
  await tx.execute(sql`
    insert into credit_profiles as p (company_id, limit_minor, currency, limit_source, terms_days, score,
      risk_level, strategy, next_review_on, blocked, exposure_minor, available_minor, receivables_base_minor,
      explanation, fx_rates_used, policy_version, computed_at, updated_at)
    select r."companyId", r."limitMinor", r.currency, r."limitSource", r."termsDays", r.score, r."riskLevel",
      r.strategy, r."nextReviewOn", r.blocked, r."exposureMinor", r."availableMinor", r."receivablesBaseMinor",
      r.explanation, r."fxRatesUsed", r."policyVersion", ${ctx.now.toISOString()}::timestamptz,
      ${ctx.now.toISOString()}::timestamptz
    from jsonb_to_recordset(${json(rows)}) as r("companyId" uuid, "limitMinor" bigint, currency char(3),
      "limitSource" text, "termsDays" int, score int, "riskLevel" text, strategy text, "nextReviewOn" date,
      blocked boolean, "exposureMinor" bigint, "availableMinor" bigint, "receivablesBaseMinor" bigint,
      explanation jsonb, "fxRatesUsed" jsonb, "policyVersion" int)
    on conflict (company_id) do update set limit_minor = excluded.limit_minor, currency = excluded.currency,
      limit_source = excluded.limit_source, score = excluded.score, risk_level = excluded.risk_level,
      strategy = excluded.strategy, next_review_on = excluded.next_review_on,
      exposure_minor = excluded.exposure_minor, available_minor = excluded.available_minor,
      receivables_base_minor = excluded.receivables_base_minor, explanation = excluded.explanation,
      fx_rates_used = excluded.fx_rates_used, policy_version = excluded.policy_version,
      computed_at = excluded.computed_at, updated_at = excluded.updated_at`);
}

export async function persistAssessments(
  tx: Queryable,
  ctx: ServiceContext,
  results: CompanyAssessment[],
  facts: LoadedFacts,
  policy: { version: number; body: CreditPolicy },
): Promise<PersistStats> {
  const changed = results.filter((result) => result.changed);
  await upsertProfiles(tx, ctx, changed, policy.version);
  const audits: AuditRow[] = changed.map(({ company, row }) => ({
    action: 'credit_profile.recompute',
    entity_type: 'credit_profile',
    entity_id: company.id,
    before: company.profile
      ? {
          score: company.profile.score,
          riskLevel: company.profile.riskLevel,
          strategy: company.profile.strategy,
          limitMinor: company.profile.limitMinor,
          exposureMinor: company.profile.exposureMinor,
          availableMinor: company.profile.availableMinor,
        }
      : null,
    after: {
      score: row.score,
      riskLevel: row.riskLevel,
      strategy: row.strategy,
      limitMinor: row.limitMinor,
      exposureMinor: row.exposureMinor,
      availableMinor: row.availableMinor,
      policyVersion: policy.version,
    },
    reason: null,
  }));

  const toRaise: { companyId: string; code: string; severity: string; facts: unknown }[] = [];
  const toClear: bigint[] = [];
  for (const { company, assessment } of results) {
    const active = facts.activeFlags.get(company.id) ?? [];
    const diff = diffFlags(active, assessment.flags);
    for (const flag of diff.raise) toRaise.push({ companyId: company.id, ...flag });
    for (const code of diff.clear) {
      const id = active.find((flag) => flag.code === code)?.id;
      if (id !== undefined) toClear.push(id);
    }
  }
  const raised = toRaise.length
    ? await queryRows(
        tx,
        sql`insert into risk_flags (company_id, code, severity, facts, raised_at)
            select r."companyId", r.code, r.severity, r.facts, ${ctx.now.toISOString()}::timestamptz
            from jsonb_to_recordset(${json(toRaise)}) as r("companyId" uuid, code text, severity text, facts jsonb)
            on conflict (company_id, code) where cleared_at is null do nothing
            returning id, company_id, code, severity, facts`,
      )
    : [];
  const cleared = toClear.length
    ? await queryRows(
        tx,
        sql`update risk_flags set cleared_at = ${ctx.now.toISOString()}::timestamptz
            where id = any(${`{${toClear.join(',')}}`}::bigint[]) and cleared_at is null
            returning id, company_id, code, severity, facts`,
      )
    : [];
  for (const [rows, action] of [
    [raised, 'risk_flag.raise'],
    [cleared, 'risk_flag.clear'],
  ] as const) {
    for (const flag of rows) {
      audits.push({
        action,
        entity_type: 'risk_flag',
        entity_id: String(flag.id),
        before: action === 'risk_flag.clear' ? { companyId: flag.company_id, code: flag.code } : null,
        after: { companyId: flag.company_id, code: flag.code, severity: flag.severity, facts: flag.facts },
        reason: null,
      });
    }
  }
  await insertAudits(tx, ctx, audits);

  const channel = policy.body.dunning.creditChannel;
  if (channel) {
    const announce = new Set<string>(policy.body.flags.announce);
    const names = new Map(results.map(({ company }) => [company.id, company.name]));
    for (const flag of raised) {
      if (!announce.has(String(flag.code))) continue;
      const name = names.get(String(flag.company_id)) ?? String(flag.company_id);
      await queueSlackPost(
        tx,
        { channel, text: `Risk flag ${String(flag.code)} raised for ${name}: ${JSON.stringify(flag.facts)}` },
        `risk-flag:${big(flag.id)}:raised`,
      );
    }
  }
  const touched = new Set<string>(changed.map(({ company }) => company.id));
  for (const flag of [...raised, ...cleared]) touched.add(String(flag.company_id));
  await queueHubspotCreditPush(tx, 'company', [...touched]);
  return { changed: changed.length, raised: raised.length, cleared: cleared.length };
}
