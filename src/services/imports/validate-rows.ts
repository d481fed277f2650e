// Validates every row of a batch and reports all problems at once, by row index; all-or-nothing
// imports throw them together as one ValidationError.

import type { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import { MAX_IMPORT_ROWS, type RowProblem } from './rows.ts';

export function validateRows<S extends z.ZodType>(schema: S, rows: readonly unknown[]) {
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ValidationError(`At most ${MAX_IMPORT_ROWS} rows per batch (got ${rows.length})`);
  }
  const problems: RowProblem[] = [];
  const valid: { index: number; row: z.output<S> }[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ row: index, field: issue.path.join('.') || '(row)', message: issue.message });
      }
      return;
    }
    const externalId = (result.data as { externalId: string }).externalId;
    const first = seen.get(externalId);
    if (first !== undefined) {
      problems.push({ row: index, field: 'externalId', message: `duplicates row ${first}` });
      return;
    }
    seen.set(externalId, index);
    valid.push({ index, row: result.data });
  });
  return { valid, problems };
}

export function rejectBatch(problems: readonly RowProblem[]): never {
  throw new ValidationError(
    `${new Set(problems.map((problem) => problem.row)).size} row(s) rejected; nothing was imported`,
    problems.map((problem) => ({ path: `rows.${problem.row}.${problem.field}`, message: problem.message })),
  );
}
