// Creates a customer without HubSpot (a company sold to outside the CRM, or before it reaches it). The
// company gets its credit profile at once: the policy's default limit for its segment, and a score.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, creditProfiles, owners } from '../../db/schema/index.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { isoDate } from '../../lib/dates.ts';
import { trimmedText } from '../../lib/safe-input.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';
import { isoCurrency, isoDay } from '../credit/schemas.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';

export const createCompanyInput = z.object({
  name: trimmedText(200, 1),
  /** The id in the bookkeeping system, so invoice imports can name the company (companyExternalId). */
  externalId: trimmedText(200, 1).optional(),
  domain: trimmedText(200).optional(),
  segment: trimmedText(60).optional(),
  industry: trimmedText(100).optional(),
  country: trimmedText(60).optional(),
  /** Default: the policy's base currency. */
  currency: isoCurrency.optional(),
  ownerId: z.uuid().optional(),
  isPublic: z.boolean().optional(),
  isManufacturer: z.boolean().optional(),
  externalRating: trimmedText(40).optional(),
  /** Default: today. */
  customerSince: isoDay.optional(),
});
export type CreateCompany = z.input<typeof createCompanyInput>;

export async function createCompany({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  assertAdmin(ctx, 'create a company');
  const values = parseInput(createCompanyInput, input);
  return ctx.db.transaction(async (tx) => {
    if (values.ownerId) {
      const [owner] = await tx.select({ id: owners.id }).from(owners).where(eq(owners.id, values.ownerId));
      if (!owner) throw new NotFoundError(`No owner with id ${values.ownerId}`);
    }
    if (values.externalId) {
      const [taken] = await tx
        .select({ id: companies.id })
        .from(companies)
        .where(eq(companies.externalId, values.externalId));
      if (taken) {
        throw new ConflictError(`A company with externalId ${values.externalId} exists`, {
          companyId: taken.id,
        });
      }
    }
    const { policy } = await currentPolicy(tx, ctx);
    const [company] = await tx
      .insert(companies)
      .values({
        ...values,
        currency: values.currency ?? policy.baseCurrency,
        customerSince: values.customerSince ?? isoDate(ctx.now),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (!company) throw new Error('the company was not stored');
    await recordAudit(tx, ctx, {
      action: 'company.create',
      entityType: 'company',
      entityId: company.id,
      after: company,
    });
    await recomputeCompanies(tx, ctx, [company.id]);
    const [profile] = await tx.select().from(creditProfiles).where(eq(creditProfiles.companyId, company.id));
    return { company, profile: profile ?? null };
  });
}
