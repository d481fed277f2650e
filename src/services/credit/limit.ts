// An administrator sets a company's approved credit limit (and optionally its terms and blocked flag):
// a decision, not a request, so it is applied as given, through the one limit-change verb, and audited
// as a manual decision.

import { z } from 'zod';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';
import { changeCreditLimit } from './limit-change.ts';
import { isoCurrency, nonNegativeMinor } from './schemas.ts';

export const setCreditLimitInput = z.object({
  companyId: z.uuid(),
  limitMinor: nonNegativeMinor,
  currency: isoCurrency.optional(),
  termsDays: z.number().int().min(0).max(365).optional(),
  blocked: z.boolean().optional(),
  reason: z.string().trim().min(1).max(500),
});
export type SetCreditLimit = z.infer<typeof setCreditLimitInput>;

export async function setCreditLimit({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'set a credit limit');
  const parsed = parseInput(setCreditLimitInput, input);
  return ctx.db.transaction(
    async (tx) => (await changeCreditLimit(tx, ctx, { mode: 'manual', ...parsed })).profile,
  );
}
