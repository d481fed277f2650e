// What Creditline last wrote to each HubSpot record, so write-back sends only values that changed,
// and the records HubSpot refused.

import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
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

/**
 * Records HubSpot refused to take with their current credit values (the portal's validation rules, a
 * bad value): one row per record, replaced by a later refusal and removed once HubSpot takes the
 * record. The same values are not sent again; a change of the values (or of the HubSpot id) is.
 */
export const hubspotWriteRejections = pgTable(
  'hubspot_write_rejections',
  {
    objectType: text('object_type').notNull(),
    recordId: uuid('record_id').notNull(),
    hubspotId: text('hubspot_id').notNull(),
    /** The neutral credit values that were refused, compared with the current ones. */
    refusedValues: jsonb('refused_values').notNull(),
    /** The same values as HubSpot was sent them, under its property names, for the people reading. */
    properties: jsonb('properties').notNull(),
    category: text('category').notNull(),
    message: text('message').notNull(),
    rejectedAt: timestamptz('rejected_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.objectType, t.recordId] }),
    index('hubspot_write_rejections_at').on(t.rejectedAt),
  ],
);
