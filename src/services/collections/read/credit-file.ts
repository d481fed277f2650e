// Reading one customer's credit file (the /credit card): checked against who may read it, at the
// moment of reading. A refusal says who can see it and leaves one audit row per refused request.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { owners } from '../../../db/schema/index.ts';
import { CreditFileRefusedError } from '../../../domain/errors.ts';
import { isoDate } from '../../../lib/dates.ts';
import { recordAudit } from '../../audit.ts';
import type { ServiceContext } from '../../context.ts';
import { parseInput } from '../../validate.ts';
import { loadCompany } from '../load.ts';
import { mayReadCompany, type ReadScope, readScopeOf } from './access.ts';
import { type CompanyCard, companyCard } from './company-card.ts';

export const readCreditFileInput = z.object({ companyId: z.uuid() });

export async function readCreditFile({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<CompanyCard> {
  const { companyId } = parseInput(readCreditFileInput, input);
  const company = await loadCompany(ctx.db, companyId);
  const scope = await readScopeOf(ctx.db, ctx);
  if (scope.kind !== 'everything' && !(await mayReadCompany(ctx.db, scope, company.id))) {
    throw await refuse(ctx, scope, company);
  }
  return companyCard(ctx.db, company.id, isoDate(ctx.now));
}

async function refuse(
  ctx: ServiceContext,
  scope: Extract<ReadScope, { kind: 'own_accounts' }>,
  company: { id: string; name: string; ownerId: string | null },
): Promise<CreditFileRefusedError> {
  const owner = company.ownerId ? await ownerOf(ctx, company.ownerId) : null;
  // The refusal is the request's only write: one row, nothing else changes.
  await recordAudit(ctx.db, ctx, {
    action: 'credit_file.read_refused',
    entityType: 'company',
    entityId: company.id,
    after: { companyName: company.name, rule: scope.rule, ownerSlackUserId: owner?.slackUserId ?? null },
    reason: `slackAccess.read is ${scope.rule}: the reader is not the account's owner, on the credit team or an approver`,
  });
  return new CreditFileRefusedError(company.name, owner, { companyId: company.id });
}

async function ownerOf(ctx: ServiceContext, ownerId: string) {
  const [row] = await ctx.db.select().from(owners).where(eq(owners.id, ownerId));
  if (!row) return null;
  const name = [row.firstName, row.lastName].filter(Boolean).join(' ') || row.email || 'unnamed owner';
  return { name, slackUserId: row.slackUserId };
}
