// HubSpot records a sync or a webhook re-read could not take: kept with the reason and the values as
// received, one row per record (the latest reason wins), and removed when the record later syncs cleanly.

import { bigint, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.ts';

export const SYNC_REJECTED_OBJECTS = ['owners', 'companies', 'contacts', 'deals', 'invoices'] as const;
export type SyncRejectedObject = (typeof SYNC_REJECTED_OBJECTS)[number];

export const syncRejections = pgTable(
  'sync_rejections',
  {
    objectType: text('object_type', { enum: SYNC_REJECTED_OBJECTS }).notNull(),
    hubspotId: text('hubspot_id').notNull(),
    reason: text('reason').notNull(),
    /** The record's properties as HubSpot sent them (the whole object when it had none). */
    properties: jsonb('properties'),
    /** The copy's modification time when it could be read: a clean copy at least as new clears the row. */
    hubspotUpdatedAt: timestamptz('hubspot_updated_at'),
    /** The sync run that met it; null when a webhook re-read did. */
    runId: bigint('run_id', { mode: 'bigint' }),
    /** From the injected clock of the run or the inbox worker. */
    rejectedAt: timestamptz('rejected_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectType, t.hubspotId] })],
);
