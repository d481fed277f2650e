// The hook collections call after a promise, snooze or dispute changes a customer's credit data.

import type { Queryable } from '../../db/types.ts';
import type { ServiceContext } from '../context.ts';

/**
 * Called in the verb's transaction with every company whose credit data the verb changed. The lead
 * wires this to the credit engine's recompute (profile, score, flags) at merge; until then it only
 * records which companies need it.
 */
export async function afterCollectionsChanged(
  _tx: Queryable,
  ctx: ServiceContext,
  companyIds: readonly string[],
): Promise<void> {
  if (companyIds.length === 0) return;
  ctx.logger.debug({ companyIds }, 'collections changed: credit recompute due');
}
