// What Creditline last wrote to each HubSpot record, so write-back sends only values that changed.

import { jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.ts';

export const hubspotPushedValues = pgTable(
  'hubspot_pushed_values',
  {
    /** 'company' or 'deal'. */
    objectType: text('object_type').notNull(),
    /** Our id (companies.id or deals.id); no foreign key so one table serves both. */
    recordId: uuid('record_id').notNull(),
    hubspotId: text('hubspot_id').notNull(),
    /** The neutral credit values last accepted by HubSpot; null values included, so clearing counts. */
    pushedValues: jsonb('pushed_values').notNull(),
    /** Set when HubSpot said the record no longer exists (merged or deleted). */
    goneAt: timestamptz('gone_at'),
    pushedAt: timestamptz('pushed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.objectType, t.recordId] })],
);
