// Which account managers' digest windows are open at this fire time, each with their local "today".
// Companies without an owner go with a UTC window and reach the credit channel.

import { eq } from 'drizzle-orm';
import { owners } from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { type DigestRules, digestWindow } from '../../../domain/dunning/digest-window.ts';

/** Stands in for "no owner" in SQL joins, where NULL would never match. */
export const NO_OWNER = '00000000-0000-0000-0000-000000000000';

export interface OpenWindow {
  ownerKey: string;
  localDate: string;
}

export async function openDigestWindows(db: Queryable, now: Date, rules: DigestRules): Promise<OpenWindow[]> {
  const rows = await db
    .select({ id: owners.id, timeZone: owners.timeZone })
    .from(owners)
    .where(eq(owners.archived, false));
  const candidates = [...rows, { id: NO_OWNER, timeZone: 'UTC' }];
  return candidates.flatMap((owner) => {
    const window = digestWindow(now, owner.timeZone, rules);
    return window.open ? [{ ownerKey: owner.id, localDate: window.localDate }] : [];
  });
}
