// The one place imports and syncs report which companies' credit data changed.

import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';

/**
 * Called in the same transaction as every sync page and import batch that changed invoices, payments,
 * deals or company links. THIS IS WHERE THE CREDIT ENGINE'S RECOMPUTE IS WIRED: exposure, available
 * credit, score and flags for these companies are recomputed here (and their HubSpot write-back
 * queued) once the credit engine lands. Until then it only de-duplicates and reports the ids.
 */
export async function afterCreditDataChanged(
  _tx: Queryable,
  ctx: ServiceContext,
  companyIds: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(companyIds)];
  if (unique.length > 0) ctx.logger.debug({ companies: unique.length }, 'credit data changed');
  return unique;
}
