// Recomputing credit profiles and flags. `recomputeCompanies` is what every change to invoices,
// payments, deals, limits or statements calls, inside the caller's transaction; `rescoreAll` is the nightly
// full pass. Both run a fixed number of set-based queries per batch, never one per company.

import { sql } from 'drizzle-orm';
import { queryOne, queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { isoDate } from '../../lib/dates.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy, type PolicyVersion } from '../policy/current.ts';
import { assembleAssessment, receivablesInBase } from './assemble.ts';
import { type LoadedFacts, loadCreditFacts } from './load-facts.ts';
import { type PersistStats, persistAssessments } from './persist.ts';
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
async function portfolioTotal(tx: Queryable, facts: LoadedFacts, policy: PolicyVersion, now: Date) {
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
    delta += receivablesInBase(facts.invoices.get(company.id) ?? [], policy.policy);
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
  policy: PolicyVersion,
  portfolioReceivables: bigint,
): Promise<RecomputeStats> {
  const asOf = isoDate(ctx.now);
  const results = facts.companies.map((company) =>
    assembleAssessment(company, facts, policy.policy, policy.version, asOf, portfolioReceivables),
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
  // Two recomputes of one company (two payments at once) take turns, so the later one reads what the
  // earlier one wrote. NO KEY UPDATE does not block inserts of rows that reference the company.
  await tx.execute(
    sql`select id from companies where id = any(${uuidArray(ids)}) order by id for no key update`,
  );
  const policy = await currentPolicy(tx, ctx);
  const facts = await loadCreditFacts(tx, { ids }, isoDate(ctx.now), policy.policy);
  const total = await portfolioTotal(tx, facts, policy, ctx.now);
  return assessAndStore(tx, ctx, facts, policy, total);
}

export interface RescoreOptions {
  /** Companies per write transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Batches written at the same time, each in its own transaction (default 2). */
  concurrency?: number;
  /** Run inside this transaction instead of one transaction per batch (policy changes). */
  tx?: Queryable;
}

/**
 * Rescores every company: all facts in one set-based pass, then batched writes. The facts are read
 * before the batches are written, so a company changed in between is stored as of the read; its own
 * recompute (or the next rescore) corrects it. The job runs at night for that reason.
 */
export async function rescoreAll(ctx: ServiceContext, options: RescoreOptions = {}): Promise<RecomputeStats> {
  const reader = options.tx ?? ctx.db;
  const policy = await currentPolicy(reader, ctx);
  const facts = await loadCreditFacts(reader, { all: true }, isoDate(ctx.now), policy.policy);
  let total = 0n;
  for (const company of facts.companies) {
    total += receivablesInBase(facts.invoices.get(company.id) ?? [], policy.policy);
  }
  await storePortfolio(reader, policy.policy.baseCurrency, total, facts.companies.length, ctx.now);
  const batchSize = options.batchSize ?? 5_000;
  const stats: RecomputeStats = { ...none };
  const starts: number[] = [];
  for (let start = 0; start < facts.companies.length; start += batchSize) starts.push(start);
  let done = 0;
  const runBatch = async (start: number) => {
    const batch: LoadedFacts = { ...facts, companies: facts.companies.slice(start, start + batchSize) };
    const run = (tx: Queryable) => assessAndStore(tx, ctx, batch, policy, total);
    const result = options.tx ? await run(options.tx) : await ctx.db.transaction(run);
    stats.companies += result.companies;
    stats.changed += result.changed;
    stats.raised += result.raised;
    stats.cleared += result.cleared;
    done += batch.companies.length;
    options.onProgress?.(done, facts.companies.length);
  };
  // Batches touch disjoint companies, so two can be written at once: while the server stores one, the
  // next is being assessed. Inside a caller's transaction they run one after another.
  const workers = options.tx ? 1 : Math.max(1, options.concurrency ?? 2);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < starts.length) {
        const start = starts[next++];
        if (start !== undefined) await runBatch(start);
      }
    }),
  );
  return stats;
}

/**
 * The same full rescore with memory bounded by `pageSize` companies, for callers that must stay flat
 * whatever the portfolio size (the end of a full HubSpot sync). Two passes over pages of company ids:
 * the first sums the portfolio's receivables (concentration needs the true total before any company is
 * judged), the second assesses and stores each page against that total.
 */
export async function rescoreAllPaged(ctx: ServiceContext, pageSize = 2_000): Promise<RecomputeStats> {
  const policy = await currentPolicy(ctx.db, ctx);
  const asOf = isoDate(ctx.now);
  const idRows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from companies where archived_at is null and merged_into_id is null order by id`,
  );
  const pages: string[][] = [];
  for (let start = 0; start < idRows.length; start += pageSize) {
    pages.push(idRows.slice(start, start + pageSize).map((row) => String(row.id)));
  }
  let total = 0n;
  for (const ids of pages) {
    const facts = await loadCreditFacts(ctx.db, { ids }, asOf, policy.policy);
    for (const company of facts.companies) {
      total += receivablesInBase(facts.invoices.get(company.id) ?? [], policy.policy);
    }
  }
  await storePortfolio(ctx.db, policy.policy.baseCurrency, total, idRows.length, ctx.now);
  const stats: RecomputeStats = { ...none };
  for (const ids of pages) {
    const result = await ctx.db.transaction(async (tx) => {
      const facts = await loadCreditFacts(tx, { ids }, asOf, policy.policy);
      return assessAndStore(tx, ctx, facts, policy, total);
    });
    stats.companies += result.companies;
    stats.changed += result.changed;
    stats.raised += result.raised;
    stats.cleared += result.cleared;
  }
  return stats;
}
