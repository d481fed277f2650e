// Finds companies by a name or domain as people type them in Slack: a cheap SQL prefilter on the first
// letters of each word, then fuzzy ranking in memory.

import { and, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies } from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { clearWinner, normalizeDomain, normalizeName, rankByName } from '../../../domain/text/fuzzy.ts';
import type { ServiceContext } from '../../context.ts';
import { parseInput } from '../../validate.ts';

export const findCompanyInput = z.object({
  query: z.string().trim().min(2, 'type at least two letters').max(200),
});

export type CompanyMatch = { id: string; name: string; domain: string | null };
export type FindResult =
  | { kind: 'none' }
  | { kind: 'one'; company: CompanyMatch }
  | { kind: 'many'; matches: CompanyMatch[] };

async function candidates(db: Queryable, query: string): Promise<CompanyMatch[]> {
  const tokens = normalizeName(query)
    .split(' ')
    .filter((token) => token.length >= 2);
  const domain = normalizeDomain(query);
  const probes = [...new Set(tokens.map((token) => token.slice(0, 3)))].map((probe) => `%${probe}%`);
  const conditions = [
    ...probes.map((probe) => sql`lower(${companies.name}) like ${probe}`),
    sql`lower(${companies.domain}) = ${domain}`,
    ...probes.map((probe) => sql`lower(${companies.domain}) like ${probe}`),
  ];
  return db
    .select({ id: companies.id, name: companies.name, domain: companies.domain })
    .from(companies)
    .where(and(isNull(companies.archivedAt), or(...conditions)))
    .limit(1_000);
}

export async function findCompanies({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<FindResult> {
  const { query } = parseInput(findCompanyInput, input);
  const ranked = rankByName(query, await candidates(ctx.db, query));
  if (ranked.length === 0) return { kind: 'none' };
  const winner = clearWinner(ranked);
  if (winner) return { kind: 'one', company: winner };
  return { kind: 'many', matches: ranked.slice(0, 10).map((entry) => entry.item) };
}
