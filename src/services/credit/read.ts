// Read verbs for a company's credit: its profile with active flags, and its flag history.

import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, creditProfiles, payments, riskFlags } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
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
  return { profile: profile ?? null, flags, unappliedCash: await unappliedCash(ctx.db, id) };
}

/**
 * Money the customer paid that no invoice took, by currency: payments without an invoice (or whose
 * invoice is gone) in full, and the excess kept on payments above their invoice's balance. Shown, not
 * netted: it does not lower exposure until it is applied to an invoice (see docs/credit-engine.md).
 */
export async function unappliedCash(db: Queryable, companyId: string) {
  const rows = await db
    .select({
      currency: payments.currency,
      minor: sql<string>`sum(case when ${payments.invoiceId} is null then ${payments.amountMinor}
        else ${payments.unappliedMinor} end)::text`,
    })
    .from(payments)
    .where(eq(payments.companyId, companyId))
    .groupBy(payments.currency)
    .orderBy(payments.currency);
  return rows
    .map((row) => ({ currency: row.currency.trim(), minor: BigInt(row.minor) }))
    .filter((row) => row.minor > 0n);
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
