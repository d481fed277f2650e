// Who may write a company's credit profile at a time. A recompute (a payment, an import, a sync page)
// and a page of the full rescore exclude each other through transaction advisory locks on the
// company's bucket, the first byte of its uuid (256 buckets): a recompute shares the buckets of its
// companies, a rescore page holds its range of buckets alone. So a page never reads facts while a
// recompute of one of its companies is uncommitted, and no recompute commits between a page's read and
// its write. Advisory locks live in memory: a page of 5,000 companies takes a few dozen of them instead
// of writing a lock into 5,000 rows. Both sides take them in ascending order, so they never deadlock.

import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/types.ts';
import { arrayLiteral } from './sql-values.ts';

/** The first of the two advisory-lock keys, setting these locks apart from any other ('CR'). */
const NAMESPACE = 0x4352;

export const bucketOf = (companyId: string): number => Number.parseInt(companyId.slice(0, 2), 16);

/** Shares the buckets of these companies until the transaction ends (a recompute). */
export async function shareCompanyBuckets(tx: Queryable, companyIds: readonly string[]): Promise<void> {
  const buckets = [...new Set(companyIds.map(bucketOf))].sort((a, b) => a - b);
  if (buckets.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock_shared(${NAMESPACE}::int, b) from unnest(${arrayLiteral(buckets)}::int[]) as b`,
  );
}

/** Holds buckets `first`..`last` alone until the transaction ends (a rescore page). */
export async function holdBuckets(tx: Queryable, first: number, last: number): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${NAMESPACE}::int, b) from generate_series(${first}::int, ${last}::int) as b`,
  );
}

export interface BucketPage {
  ids: string[];
  first: number;
  last: number;
}

/**
 * Cuts ids (sorted, so grouped by bucket) into pages of at least `size` that end where a bucket ends,
 * each with the range of buckets it covers. Consecutive pages cover disjoint ranges, and together all
 * 256 buckets, so a company created after the ids were read still falls under some page's lock.
 */
export function bucketPages(sortedIds: readonly string[], size: number): BucketPage[] {
  const pages: BucketPage[] = [];
  let ids: string[] = [];
  let first = 0;
  for (const [index, id] of sortedIds.entries()) {
    ids.push(id);
    const next = sortedIds[index + 1];
    if (next !== undefined && (ids.length < size || bucketOf(next) === bucketOf(id))) continue;
    const last = next === undefined ? 255 : bucketOf(next) - 1;
    pages.push({ ids, first, last });
    ids = [];
    first = last + 1;
  }
  return pages;
}
