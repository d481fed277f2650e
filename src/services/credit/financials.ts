// Records a company's financial statements with their Altman Z-score. The variant (Z, Z', Z'') is
// chosen from the company's data and stored with the result and its zone; the company is rescored.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, financialStatements } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { altmanScore, chooseVariant } from '../../domain/credit/altman.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';
import { recomputeCompanies } from './recompute.ts';
import { financialStatementInput } from './schemas.ts';

export const addFinancialsInput = financialStatementInput.extend({ companyId: z.uuid() });
export type FinancialStatementInput = z.infer<typeof financialStatementInput>;

/** Stores one statement inside the caller's transaction; does not recompute (the caller does). */
export async function storeFinancials(
  tx: Queryable,
  ctx: ServiceContext,
  companyId: string,
  statement: FinancialStatementInput,
) {
  const [company] = await tx.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw new NotFoundError(`No company with id ${companyId}`);
  const variant = chooseVariant(company);
  const altman = altmanScore(variant, statement.items);
  const [row] = await tx
    .insert(financialStatements)
    .values({
      companyId,
      periodEnd: statement.periodEnd,
      currency: statement.currency,
      items: toJsonSafe(statement.items),
      altman: toJsonSafe({
        ...altman,
        basis: { isPublic: company.isPublic, isManufacturer: company.isManufacturer },
      }),
    })
    .returning();
  if (!row) throw new Error('the statement was not stored');
  await recordAudit(tx, ctx, {
    action: 'financials.add',
    entityType: 'financial_statement',
    entityId: row.id,
    after: {
      companyId,
      periodEnd: statement.periodEnd,
      variant: altman.variant,
      z: altman.z,
      zone: altman.zone,
    },
  });
  return { id: row.id, periodEnd: row.periodEnd, altman };
}

export async function addFinancials({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'record financial statements');
  const parsed = parseInput(addFinancialsInput, input);
  return ctx.db.transaction(async (tx) => {
    const stored = await storeFinancials(tx, ctx, parsed.companyId, parsed);
    await recomputeCompanies(tx, ctx, [parsed.companyId]);
    return stored;
  });
}
