// Customers. A company comes from HubSpot (hubspot_id set) or from a bookkeeping import.

import { sql } from 'drizzle-orm';
import { boolean, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, timestamptz, updatedAt } from './columns.ts';
import { owners } from './owners.ts';

export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** HubSpot ids are numeric strings that can exceed 2^53; kept as text. */
    hubspotId: text('hubspot_id').unique(),
    externalId: text('external_id').unique(),
    name: text('name').notNull(),
    domain: text('domain'),
    segment: text('segment'),
    industry: text('industry'),
    country: text('country'),
    currency: currency().notNull(),
    ownerId: uuid('owner_id').references(() => owners.id, { onDelete: 'set null' }),
    /** Inputs to the Altman variant choice. */
    isPublic: boolean('is_public'),
    isManufacturer: boolean('is_manufacturer'),
    externalRating: text('external_rating'),
    customerSince: date('customer_since', { mode: 'string' }),
    hubspotUpdatedAt: timestamptz('hubspot_updated_at'),
    archivedAt: timestamptz('archived_at'),
    mergedIntoId: uuid('merged_into_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('companies_name_idx').on(sql`lower(${t.name})`),
    index('companies_domain_idx').on(sql`lower(${t.domain})`),
    index('companies_owner_idx').on(t.ownerId),
  ],
);
