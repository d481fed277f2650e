// Stores assessments set-based: changed profiles upserted with their audit rows in one statement, flags
// raised and cleared (each with its audit rows) in one statement each, then the outbox effects: a
// HubSpot push of every company whose figures or flags changed, and Slack posts for the raised flags
// the policy announces (a digest when many are raised together).

import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/types.ts';
import {
  ANNOUNCE_SEPARATELY_UP_TO,
  describeFlag,
  describeFlagDigest,
} from '../../domain/credit/flag-text.ts';
import { type DesiredFlag, diffFlags } from '../../domain/credit/flags.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import type { ServiceContext } from '../context.ts';
import { queueHubspotCreditPush, slackPostMessage } from '../outbox/effects.ts';
import { enqueueBatch } from '../outbox/enqueue.ts';
import type { CompanyAssessment, ProfileRow } from './assemble.ts';
import { auditInsert, column, jsonElements, jsonText } from './bulk-sql.ts';
import { clearFlags, type FlagRow, raiseFlags } from './flag-writes.ts';
import type { LoadedFacts } from './load-facts.ts';
import { big } from './sql-values.ts';

export interface PersistStats {
  changed: number;
  raised: number;
  cleared: number;
}

/**
 * The figures an audit row records, built by the server from a profile row. A recompute whose figures
 * are unchanged (only the explanation's inputs moved, e.g. an overdue invoice one day older with the
 * same points) rewrites the profile but is not audited: the audit log would otherwise grow by a row per
 * company per night.
 */
const figures = (p: SQL) => sql`jsonb_build_object('score', ${p}.score, 'riskLevel', ${p}.risk_level,
  'strategy', ${p}.strategy, 'limitMinor', ${p}.limit_minor::text, 'currency', ${p}.currency,
  'limitSource', ${p}.limit_source, 'exposureMinor', ${p}.exposure_minor::text,
  'availableMinor', ${p}.available_minor::text, 'nextReviewOn', ${p}.next_review_on::text)`;

async function upsertProfiles(
  tx: Queryable,
  ctx: ServiceContext,
  changed: CompanyAssessment[],
  version: number,
) {
  if (changed.length === 0) return;
  const rows = changed.map(({ row }) => row);
  const pick = <T extends string | number | bigint | boolean | null>(get: (row: ProfileRow) => T) =>
    column(rows.map(get));
  const now = sql`${ctx.now.toISOString()}::timestamptz`;
  // Every statement of the query sees the table as it was before the upsert, so `old` holds the figures
  // the audit row records as before.
  await tx.execute(sql`
    with r as (
      select * from unnest(${pick((r) => r.companyId)}::uuid[], ${pick((r) => r.limitMinor)}::bigint[],
        ${pick((r) => r.currency)}::text[], ${pick((r) => r.limitSource)}::text[], ${pick((r) => r.termsDays)}::int[],
        ${pick((r) => r.score)}::int[], ${pick((r) => r.riskLevel)}::text[], ${pick((r) => r.strategy)}::text[],
        ${pick((r) => r.nextReviewOn)}::date[], ${pick((r) => r.blocked)}::boolean[],
        ${pick((r) => r.exposureMinor)}::bigint[], ${pick((r) => r.availableMinor)}::bigint[],
        ${pick((r) => r.receivablesBaseMinor)}::bigint[], ${pick((r) => r.fingerprint)}::text[]) with ordinality
        as r(company_id, limit_minor, currency, limit_source, terms_days, score, risk_level, strategy,
          next_review_on, blocked, exposure_minor, available_minor, receivables_base_minor, fingerprint, ord)
      join ${jsonElements(
        rows.map((r) => r.explanationJson),
        'json',
      )} as e(explanation, ord) using (ord)
      join ${jsonElements(rows.map((r) => jsonText(r.fxRatesUsed)))} as f(fx_rates_used, ord) using (ord)
    ), old as (
      select p.company_id, ${figures(sql`p`)} as before from credit_profiles p join r using (company_id)
    ), upserted as (
      insert into credit_profiles as p (company_id, limit_minor, currency, limit_source, terms_days, score,
        risk_level, strategy, next_review_on, blocked, exposure_minor, available_minor, receivables_base_minor,
        explanation, fingerprint, fx_rates_used, policy_version, computed_at, updated_at)
      select company_id, limit_minor, currency, limit_source, terms_days, score, risk_level, strategy,
        next_review_on, blocked, exposure_minor, available_minor, receivables_base_minor, explanation,
        fingerprint, fx_rates_used, ${version}, ${now}, ${now}
      from r
      on conflict (company_id) do update set limit_minor = excluded.limit_minor, currency = excluded.currency,
        limit_source = excluded.limit_source, score = excluded.score, risk_level = excluded.risk_level,
        strategy = excluded.strategy, next_review_on = excluded.next_review_on,
        exposure_minor = excluded.exposure_minor, available_minor = excluded.available_minor,
        receivables_base_minor = excluded.receivables_base_minor, explanation = excluded.explanation,
        fingerprint = excluded.fingerprint, fx_rates_used = excluded.fx_rates_used, policy_version = excluded.policy_version,
        computed_at = excluded.computed_at, updated_at = excluded.updated_at
      returning p.company_id, ${figures(sql`p`)} as after
    )
    ${auditInsert(
      ctx,
      'credit_profile.recompute',
      'credit_profile',
      sql`select u.company_id::text as entity_id, o.before,
        u.after || jsonb_build_object('policyVersion', ${version}::int) as after
        from upserted u left join old o using (company_id) where o.before is distinct from u.after`,
    )}`);
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

  const toRaise: (DesiredFlag & { companyId: string })[] = [];
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
  const raised = await raiseFlags(tx, ctx, toRaise);
  const cleared = await clearFlags(tx, ctx, toClear);

  const channel = policy.body.dunning.creditChannel;
  if (channel) await announceFlags(tx, ctx.now, channel, policy.body, results, raised);
  const touched = new Set<string>(changed.map(({ company }) => company.id));
  for (const flag of [...raised, ...cleared]) touched.add(String(flag.company_id));
  await queueHubspotCreditPush(tx, ctx.now, 'company', [...touched]);
  return { changed: changed.length, raised: raised.length, cleared: cleared.length };
}

/**
 * Posts the raised flags the policy announces to the credit channel: one message each when a few are
 * raised together (a payment, a limit change), one digest when many are (a rescore), so the channel
 * stays readable. Queued in the same transaction as the flags.
 */
async function announceFlags(
  tx: Queryable,
  now: Date,
  channel: string,
  policy: CreditPolicy,
  results: CompanyAssessment[],
  raised: FlagRow[],
) {
  const announce = new Set<string>(policy.flags.announce);
  const byCompany = new Map(results.map((result) => [result.company.id, result]));
  const announced = raised.flatMap((flag) => {
    const code = String(flag.code);
    const result = byCompany.get(String(flag.company_id));
    const desired = result?.assessment.flags.find((entry) => entry.code === code);
    if (!announce.has(code) || !result || !desired) return [];
    return [{ id: big(flag.id), companyName: result.company.name, code: desired.code, desired }];
  });
  if (announced.length === 0) return;
  if (announced.length <= ANNOUNCE_SEPARATELY_UP_TO) {
    await enqueueBatch(
      tx,
      now,
      announced.map((flag) =>
        slackPostMessage(
          { channel, text: describeFlag(flag.companyName, flag.desired) },
          `risk-flag:${flag.id}:raised`,
        ),
      ),
    );
    return;
  }
  const ids = announced.map((flag) => flag.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await enqueueBatch(tx, now, [
    slackPostMessage(
      { channel, text: describeFlagDigest(announced) },
      `risk-flags:${ids[0]}-${ids.at(-1)}:raised`,
    ),
  ]);
}
