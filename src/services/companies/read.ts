// Read verbs for companies: the list (search and paging) and one company with everything about it.

import { z } from 'zod';
import { companyDetail, listCompanies } from '../../db/repos/companies.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { trimmedText } from '../../lib/safe-input.ts';
import type { ServiceContext } from '../context.ts';
import { parseInput } from '../validate.ts';

export const companyListInput = z.object({
  q: trimmedText(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.uuid().optional(),
});

export async function searchCompanies({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const query = parseInput(companyListInput, input);
  const rows = await listCompanies(ctx.db, query);
  return { rows, nextAfter: rows.length === query.limit ? rows.at(-1)?.company.id : undefined };
}

export async function getCompany({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const { id } = parseInput(z.object({ id: z.uuid() }), input);
  const detail = await companyDetail(ctx.db, id);
  if (!detail) throw new NotFoundError(`No company with id ${id}`);
  return detail;
}
