// The hook collections call after a promise, snooze, dispute or scan changes a customer's credit data.

import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';

/**
 * Recomputes the profile, score and flags (DISPUTE_OPEN, BROKEN_PROMISE…) of these companies in the
 * verb's own transaction, so what the bot shows next already reflects the action.
 */
export async function afterCollectionsChanged(
  tx: Queryable,
  ctx: ServiceContext,
  companyIds: readonly string[],
): Promise<void> {
  if (companyIds.length === 0) return;
  await recomputeCompanies(tx, ctx, companyIds);
}
