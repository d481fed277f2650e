// The one place imports and syncs report which companies' credit data changed.

import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';
import { checkDeals } from '../credit/deal-check.ts';
import { recomputeCompanies } from '../credit/recompute.ts';

export interface CreditChange {
  companyIds: readonly string[];
  /** Deals that are new or changed stage or amount: the credit check decides whether each applies. */
  dealIds?: readonly string[];
}

/**
 * Called in the same transaction as every sync page, webhook batch and import batch that changed
 * invoices, payments, deals or company links: exposure, available credit, score and flags of these
 * companies are recomputed (and their HubSpot write-back queued), and changed deals are checked.
 */
export async function afterCreditDataChanged(
  tx: Queryable,
  ctx: ServiceContext,
  change: CreditChange,
): Promise<void> {
  const dealIds = [...new Set(change.dealIds ?? [])];
  let recomputed = new Set<string>();
  if (dealIds.length > 0) {
    // A deal check recomputes its deals' companies first, so those need no second pass.
    const checked = await checkDeals(tx, ctx, dealIds);
    recomputed = new Set(checked.flatMap((outcome) => (outcome.companyId ? [outcome.companyId] : [])));
  }
  await recomputeCompanies(
    tx,
    ctx,
    change.companyIds.filter((id) => !recomputed.has(id)),
  );
}
