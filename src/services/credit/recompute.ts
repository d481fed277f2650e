// Recomputing credit profiles and flags. `recomputeCompanies` is what every change to invoices,
// payments, deals, limits or statements calls, inside the caller's transaction; `rescoreAll` is the nightly
// full pass. Both run a fixed number of set-based queries per batch, never one per company.

import { and, eq, sql } from 'drizzle-orm';
import { queryOne, queryRows } from '../../db/rows.ts';
import { creditRescoreRequests } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { receivablesInBase } from '../../domain/credit/assess.ts';
import { isoDate } from '../../lib/dates.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy, type PolicyInForce } from '../policy/current.ts';
import { assembleAssessment } from './assemble.ts';
import { type LoadedFacts, loadCreditFacts } from './load-facts.ts';
import { type PersistStats, persistAssessments } from './persist.ts';
import { type BucketPage, bucketPages, holdBuckets, shareCompanyBuckets } from './profile-locks.ts';
import { big, uuidArray } from './sql-values.ts';

export interface RecomputeStats extends PersistStats {
  companies: number;
}

const none: RecomputeStats = { companies: 0, changed: 0, raised: 0, cleared: 0 };

async function storePortfolio(tx: Queryable, base: string, total: bigint, companies: number, at: Date) {
  await tx.execute(sql`
    insert into credit_portfolio (base_currency, receivables_base_minor, companies, computed_at)
    values (${base}, ${total.toString()}::bigint, ${companies}, ${at.toISOString()}::timestamptz)
    on conflict (base_currency) do update set receivables_base_minor = excluded.receivables_base_minor,
      companies = excluded.companies, computed_at = excluded.computed_at`);
}

/**
 * The portfolio's receivables: the stored total (set by each full rescore) moved by the change in these
 * companies' own receivables, which is written back as an increment so the total stays current between
 * rescores. Without a stored total yet (a new installation), it starts from the profiles' sum.
 */
async function portfolioTotal(tx: Queryable, facts: LoadedFacts, policy: PolicyInForce, now: Date) {
  const base = policy.policy.baseCurrency;
  let row = await queryOne(
    tx,
    sql`select receivables_base_minor from credit_portfolio where base_currency = ${base}`,
  );
  if (!row) {
    row = await queryOne(
      tx,
      sql`select coalesce(sum(receivables_base_minor), 0) as receivables_base_minor, count(*) as n from credit_profiles`,
    );
    await storePortfolio(tx, base, big(row?.receivables_base_minor), Number(row?.n ?? 0), now);
  }
  let delta = 0n;
  for (const company of facts.companies) {
    delta += receivablesInBase(facts.invoices.get(company.id) ?? [], policy.fx);
    delta -= company.profile?.receivablesBaseMinor ?? 0n;
  }
  if (delta !== 0n) {
    await tx.execute(sql`update credit_portfolio set receivables_base_minor = receivables_base_minor + ${delta.toString()}::bigint
      where base_currency = ${base}`);
  }
  const total = big(row?.receivables_base_minor) + delta;
  return total > 0n ? total : 0n;
}

async function assessAndStore(
  tx: Queryable,
  ctx: ServiceContext,
  facts: LoadedFacts,
  policy: PolicyInForce,
  portfolioReceivables: bigint,
): Promise<RecomputeStats> {
  const asOf = isoDate(ctx.now);
  const results = facts.companies.map((company) =>
    assembleAssessment(company, facts, policy, asOf, portfolioReceivables),
  );
  const stats = await persistAssessments(tx, ctx, results, facts, {
    version: policy.version,
    body: policy.policy,
  });
  return { companies: results.length, ...stats };
}

/** Recomputes these companies now, inside the caller's transaction. */
export async function recomputeCompanies(
  tx: Queryable,
  ctx: ServiceContext,
  companyIds: readonly string[],
): Promise<RecomputeStats> {
  const ids = [...new Set(companyIds)];
  if (ids.length === 0) return none;
  // Never while a rescore page works these companies (profile-locks); and two recomputes of one company
  // (two payments at once) take turns, so the later one reads what the earlier one wrote.
  await shareCompanyBuckets(tx, ids);
  await lockCompanies(tx, ids);
  const policy = await currentPolicy(tx, ctx);
  const facts = await loadCreditFacts(tx, { ids }, isoDate(ctx.now), policy.policy);
  const total = await portfolioTotal(tx, facts, policy, ctx.now);
  return assessAndStore(tx, ctx, facts, policy, total);
}

export interface RescoreOptions {
  /**
   * Companies read, assessed and written together (at least this many, up to the end of a uuid bucket,
   * see profile-locks); memory is bounded by it, not by the portfolio.
   */
  pageSize?: number;
  /** Awaited after each page (a listener may write somewhere before the next page starts). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Pages worked at the same time, each in its own transaction (default 2). */
  concurrency?: number;
  /** Run inside this transaction, one page after another (policy changes). */
  tx?: Queryable;
}

/**
 * The portfolio's open receivables in the base currency, converted per company and currency exactly as
 * each company's own share is (`receivablesInBase`), so concentration is judged against a total that
 * equals the sum of the shares.
 */
async function sumReceivables(db: Queryable, policy: PolicyInForce): Promise<bigint> {
  const rows = await queryRows(
    db,
    sql`select i.currency, sum(i.balance_minor) as open_minor
      from invoices i join companies c on c.id = i.company_id
      where c.archived_at is null and c.merged_into_id is null and i.status = 'open' and i.balance_minor > 0
      group by i.company_id, i.currency`,
  );
  return receivablesInBase(
    rows.map((row) => ({ currency: String(row.currency), openMinor: big(row.open_minor) })),
    policy.fx,
  );
}

/**
 * Rescores every company, a page of companies at a time, with a fixed number of set-based queries per
 * page: memory stays flat whatever the portfolio size (the nightly job, an owed rescore after a full
 * HubSpot sync, a Worker's 128 MB). The portfolio total is summed first, so concentration is right
 * before any company is judged. Pages cover disjoint ranges of companies, so two are worked at once:
 * while the server stores one, the next is read and assessed. Each page first holds its companies
 * against recomputes (profile-locks), so a payment recomputed meanwhile is never overwritten with facts
 * read before it. An owed rescore (rescore-requests) noted before the first read is settled at the end.
 */
export async function rescoreAll(ctx: ServiceContext, options: RescoreOptions = {}): Promise<RecomputeStats> {
  const reader = options.tx ?? ctx.db;
  const owed = await owedRescoreGeneration(reader);
  const policy = await currentPolicy(reader, ctx);
  const asOf = isoDate(ctx.now);
  const idRows = await queryRows<{ id: string }>(
    reader,
    sql`select id from companies where archived_at is null and merged_into_id is null order by id`,
  );
  const total = await sumReceivables(reader, policy);
  await storePortfolio(reader, policy.policy.baseCurrency, total, idRows.length, ctx.now);
  const pages = bucketPages(
    idRows.map((row) => String(row.id)),
    options.pageSize ?? 5_000,
  );
  const stats: RecomputeStats = { ...none };
  let done = 0;
  const runPage = async ({ ids, first, last }: BucketPage) => {
    const run = async (tx: Queryable) => {
      await holdBuckets(tx, first, last);
      const facts = await loadCreditFacts(tx, { ids }, asOf, policy.policy);
      return assessAndStore(tx, ctx, facts, policy, total);
    };
    const result = options.tx ? await run(options.tx) : await ctx.db.transaction(run);
    stats.companies += result.companies;
    stats.changed += result.changed;
    stats.raised += result.raised;
    stats.cleared += result.cleared;
    done += ids.length;
    await options.onProgress?.(done, idRows.length);
  };
  const workers = options.tx ? 1 : Math.max(1, options.concurrency ?? 2);
  let next = 0;
  let failed = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: workers }, async () => {
      // After one page fails, the other worker takes no new page: the caller hears of the failure
      // only once nothing is being written any more.
      while (!failed && next < pages.length) {
        const page = pages[next++];
        if (!page) continue;
        try {
          await runPage(page);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  if (owed !== null) await settleRescoreRequest(reader, owed);
  return stats;
}

/**
 * Companies locked for the rest of the transaction, in id order so two lockers never deadlock. NO KEY
 * UPDATE does not block inserts of rows that reference the company.
 */
async function lockCompanies(tx: Queryable, ids: readonly string[]) {
  await tx.execute(
    sql`select id from companies where id = any(${uuidArray(ids)}) order by id for no key update`,
  );
}

/** The generation of the owed rescore, if one is owed (see rescore-requests). */
async function owedRescoreGeneration(db: Queryable): Promise<bigint | null> {
  const [row] = await db
    .select({ generation: creditRescoreRequests.generation })
    .from(creditRescoreRequests)
    .where(eq(creditRescoreRequests.scope, 'portfolio'));
  return row ? row.generation : null;
}

/**
 * The owed rescore is settled if no request came after `generation` was read: a request committed
 * while the rescore ran bumped it and stays owed (its data may have been read before it committed).
 */
async function settleRescoreRequest(db: Queryable, generation: bigint): Promise<void> {
  await db
    .delete(creditRescoreRequests)
    .where(
      and(eq(creditRescoreRequests.scope, 'portfolio'), eq(creditRescoreRequests.generation, generation)),
    );
}
