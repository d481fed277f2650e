// Stores dated exchange rates as HubSpot's currency settings would leave them, for tests of the engine.

import { fxRates } from '../../src/db/schema/index.ts';
import type { Queryable } from '../../src/db/types.ts';

export async function storeRates(
  db: Queryable,
  rates: Record<string, string>,
  on = '2026-11-26',
  options: { base?: string; source?: 'hubspot' | 'demo' } = {},
): Promise<void> {
  await db
    .insert(fxRates)
    .values(
      Object.entries(rates).map(([currency, rate]) => ({
        currency,
        baseCurrency: options.base ?? 'USD',
        rate,
        validFrom: on,
        source: options.source ?? ('hubspot' as const),
        fetchedAt: new Date(`${on}T06:00:00Z`),
      })),
    )
    .onConflictDoNothing();
}
