import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import { companies } from './companies.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubspotId: text('hubspot_id').unique(),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    phone: text('phone'),
    jobTitle: text('job_title'),
    hubspotUpdatedAt: timestamptz('hubspot_updated_at'),
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('contacts_company_idx').on(t.companyId),
    index('contacts_email_idx').on(sql`lower(${t.email})`),
  ],
);
