// Read verbs for a company's credit: its profile with active flags, and its flag history.

import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { companies, creditProfiles, riskFlags } from '../../db/schema/index.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

async function requireCompany(ctx: ServiceContext, id: string) {
  const [company] = await ctx.db.select({ id: companies.id }).from(companies).where(eq(companies.id, id));
  if (!company) throw new NotFoundError(`No company with id ${id}`);
}

export async function getCreditProfile({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { id } = parseInput(z.object({ id: z.uuid() }), input);
  await requireCompany(ctx, id);
  const [profile] = await ctx.db.select().from(creditProfiles).where(eq(creditProfiles.companyId, id));
  const flags = await ctx.db
    .select()
    .from(riskFlags)
    .where(and(eq(riskFlags.companyId, id), isNull(riskFlags.clearedAt)))
    .orderBy(desc(riskFlags.raisedAt));
  return { profile: profile ?? null, flags };
}

export const flagHistoryInput = z.object({
  id: z.uuid(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function flagHistory({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { id, limit } = parseInput(flagHistoryInput, input);
  await requireCompany(ctx, id);
  return ctx.db
    .select()
    .from(riskFlags)
    .where(eq(riskFlags.companyId, id))
    .orderBy(desc(riskFlags.raisedAt), desc(riskFlags.id))
    .limit(limit);
}
