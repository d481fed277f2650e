// Gathers the facts the credit assessment needs for a set of companies (one page of a full rescore, or
// the companies a change touched), with a fixed number of set-based queries, never one per company. The
// invoice sums implement domain/credit/invoice-facts.ts `summariseInvoices` in SQL; an integration
// test keeps them equal.

import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import type { AltmanResult } from '../../domain/credit/altman.ts';
import type { CommittedDealAmount } from '../../domain/credit/exposure.ts';
import type { CurrencyFacts } from '../../domain/credit/invoice-facts.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { addDays } from '../../lib/dates.ts';
import { outstandingNow } from '../invoices/outstanding.ts';
import { big, num, textArray, textOrNull, uuidArray } from './sql-values.ts';

export interface Scope {
  ids: readonly string[];
}

export interface CompanyRecord {
  id: string;
  name: string;
  segment: string | null;
  customerSince: string | null;
  externalRating: string | null;
  profile: {
    limitMinor: bigint;
    currency: string;
    limitSource: 'policy_default' | 'approved';
    termsDays: number;
    blocked: boolean;
    score: number | null;
    riskLevel: string | null;
    strategy: string | null;
    nextReviewOn: string | null;
    exposureMinor: bigint;
    availableMinor: bigint;
    receivablesBaseMinor: bigint;
    fingerprint: string | null;
  } | null;
}

export interface LoadedFacts {
  companies: CompanyRecord[];
  invoices: Map<string, CurrencyFacts[]>;
  deals: Map<string, CommittedDealAmount[]>;
  disputes: Map<string, number>;
  brokenPromises: Map<string, number>;
  altman: Map<string, Pick<AltmanResult, 'variant' | 'z' | 'zone'>>;
  activeFlags: Map<string, { id: bigint; code: string }[]>;
}

function where(scope: Scope, column: SQL): SQL {
  return sql`${column} = any(${uuidArray(scope.ids)})`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function loadCreditFacts(
  db: Queryable,
  scope: Scope,
  asOf: string,
  policy: CreditPolicy,
): Promise<LoadedFacts> {
  const committed = policy.exposure.committedStages.filter((s) => s.weightBps > 0).map((s) => s.stage);
  const promisesSince = addDays(asOf, -policy.flags.brokenPromiseDays);
  const [companyRows, invoiceRows, dealRows, disputeRows, promiseRows, altmanRows, flagRows] =
    await Promise.all([
      queryRows(
        db,
        sql`select c.id, c.name, c.segment, c.customer_since::text as customer_since, c.external_rating,
            p.company_id as profile_id, p.limit_minor, p.currency, p.limit_source, p.terms_days, p.blocked,
            p.score, p.risk_level, p.strategy, p.next_review_on::text as next_review_on, p.exposure_minor,
            p.available_minor, p.receivables_base_minor, p.fingerprint
          from companies c left join credit_profiles p on p.company_id = c.id
          where c.archived_at is null and c.merged_into_id is null and ${where(scope, sql`c.id`)}`,
      ),
      queryRows(
        db,
        sql`with d as (select ${asOf}::date as t)
          select company_id, currency,
            coalesce(sum(balance_minor) filter (where ${outstandingNow('')}), 0) as open_minor,
            coalesce(sum(balance_minor) filter (where ${outstandingNow('')} and due_on < t), 0) as overdue_minor,
            coalesce(max(t - due_on) filter (where ${outstandingNow('')} and due_on < t), 0) as max_days_overdue,
            coalesce(sum(amount_minor) filter (where due_on > t - 365 and due_on <= t), 0) as behaviour_amount,
            coalesce(sum(amount_minor * late) filter (where due_on > t - 365 and due_on <= t), 0) as behaviour_days,
            coalesce(sum(late) filter (where due_on > t - 90 and due_on <= t), 0) as this_days,
            count(*) filter (where due_on > t - 90 and due_on <= t) as this_count,
            coalesce(sum(late) filter (where due_on > t - 180 and due_on <= t - 90), 0) as last_days,
            count(*) filter (where due_on > t - 180 and due_on <= t - 90) as last_count,
            min(issued_on)::text as first_issued_on
          from (
            select i.*, d.t,
              greatest(0, (case when i.status = 'paid' and i.paid_on is not null then i.paid_on else d.t end) - i.due_on) as late
            from invoices i, d
            where i.status in ('open', 'paid', 'written_off') and ${where(scope, sql`i.company_id`)}
          ) x
          group by company_id, currency`,
      ),
      committed.length === 0
        ? Promise.resolve([])
        : queryRows(
            db,
            sql`select d.company_id, d.currency, d.stage, sum(d.amount_minor) as amount
              from deals d
              where d.archived_at is null and d.company_id is not null and d.currency is not null
                and d.amount_minor > 0 and not (d.is_closed and not d.is_won)
                and d.stage = any(${textArray(committed)}) and ${where(scope, sql`d.company_id`)}
                and not exists (select 1 from invoices i where i.deal_id = d.id)
              group by d.company_id, d.currency, d.stage`,
          ),
      queryRows(
        db,
        sql`select company_id, count(*) as n from grievances
          where status in ('open', 'investigating') and ${where(scope, sql`company_id`)}
          group by company_id`,
      ),
      queryRows(
        db,
        sql`select company_id, count(*) as n from promises_to_pay
          where status = 'broken' and promised_on > ${promisesSince}::date and ${where(scope, sql`company_id`)}
          group by company_id`,
      ),
      queryRows(
        db,
        sql`select distinct on (company_id) company_id, altman from financial_statements
          where altman is not null and ${where(scope, sql`company_id`)}
          order by company_id, period_end desc, created_at desc`,
      ),
      queryRows(
        db,
        sql`select id, company_id, code from risk_flags where cleared_at is null and ${where(scope, sql`company_id`)}`,
      ),
    ]);

  const facts: LoadedFacts = {
    companies: companyRows.map((row) => ({
      id: String(row.id),
      name: String(row.name),
      segment: textOrNull(row.segment),
      customerSince: textOrNull(row.customer_since),
      externalRating: textOrNull(row.external_rating),
      profile:
        row.profile_id === null || row.profile_id === undefined
          ? null
          : {
              limitMinor: big(row.limit_minor),
              currency: String(row.currency),
              limitSource: row.limit_source === 'approved' ? 'approved' : 'policy_default',
              termsDays: num(row.terms_days),
              blocked: row.blocked === true,
              score: row.score === null ? null : num(row.score),
              riskLevel: textOrNull(row.risk_level),
              strategy: textOrNull(row.strategy),
              nextReviewOn: textOrNull(row.next_review_on),
              exposureMinor: big(row.exposure_minor),
              availableMinor: big(row.available_minor),
              receivablesBaseMinor: big(row.receivables_base_minor),
              fingerprint: textOrNull(row.fingerprint),
            },
    })),
    invoices: new Map(),
    deals: new Map(),
    disputes: new Map(disputeRows.map((row) => [String(row.company_id), num(row.n)])),
    brokenPromises: new Map(promiseRows.map((row) => [String(row.company_id), num(row.n)])),
    altman: new Map(),
    activeFlags: new Map(),
  };
  for (const row of invoiceRows) {
    push(facts.invoices, String(row.company_id), {
      currency: String(row.currency),
      openMinor: big(row.open_minor),
      overdueMinor: big(row.overdue_minor),
      maxDaysOverdue: num(row.max_days_overdue),
      behaviourAmountMinor: big(row.behaviour_amount),
      behaviourAmountDays: big(row.behaviour_days),
      thisQuarterDays: num(row.this_days),
      thisQuarterCount: num(row.this_count),
      lastQuarterDays: num(row.last_days),
      lastQuarterCount: num(row.last_count),
      firstIssuedOn: textOrNull(row.first_issued_on),
    });
  }
  for (const row of dealRows) {
    push(facts.deals, String(row.company_id), {
      currency: String(row.currency),
      stage: String(row.stage),
      minor: big(row.amount),
    });
  }
  for (const row of altmanRows) {
    const altman = (typeof row.altman === 'string' ? JSON.parse(row.altman) : row.altman) as AltmanResult;
    facts.altman.set(String(row.company_id), { variant: altman.variant, z: altman.z, zone: altman.zone });
  }
  for (const row of flagRows) {
    push(facts.activeFlags, String(row.company_id), { id: big(row.id), code: String(row.code) });
  }
  return facts;
}
