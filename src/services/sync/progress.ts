// Counters a sync run reports as it goes (the CLI draws them; the run row stores the final ones).

import type { CrmRequestStats } from '../../integrations/crm.ts';
import type { PageCounts } from './store-page.ts';

export type SyncObject = 'owners' | 'companies' | 'contacts' | 'deals' | 'invoices';
export const SYNC_ORDER: readonly SyncObject[] = ['owners', 'companies', 'contacts', 'deals', 'invoices'];

export interface ObjectTotals extends PageCounts {
  archived: number;
  pages: number;
  mode: 'full' | 'incremental' | 'owners';
  seconds: number;
}

export interface SyncProgress {
  objectType: SyncObject;
  totals: ObjectTotals;
  /** Records expected for this object type when known (search total), for an ETA. */
  expected: number | null;
  requests: CrmRequestStats;
}

export type ProgressListener = (progress: SyncProgress) => void;

export function emptyTotals(mode: ObjectTotals['mode']): ObjectTotals {
  return { received: 0, stored: 0, skipped: 0, rejected: 0, archived: 0, pages: 0, mode, seconds: 0 };
}

export function addCounts(totals: ObjectTotals, counts: PageCounts): void {
  totals.received += counts.received;
  totals.stored += counts.stored;
  totals.skipped += counts.skipped;
  totals.rejected += counts.rejected;
  totals.pages += 1;
}
