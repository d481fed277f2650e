// Deals and their credit status. Committed, not-yet-invoiced deals count toward exposure.

import { boolean, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz, updatedAt } from './columns.ts';
import { companies } from './companies.ts';
import { contacts } from './contacts.ts';
import { owners } from './owners.ts';

export const DEAL_CREDIT_STATUSES = ['none', 'ok', 'hold', 'pending_approval', 'approved', 'denied'] as const;
export type DealCreditStatus = (typeof DEAL_CREDIT_STATUSES)[number];

export const deals = pgTable(
  'deals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubspotId: text('hubspot_id').unique(),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => owners.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    amountMinor: minor('amount_minor'),
    currency: currency(),
    pipeline: text('pipeline'),
    stage: text('stage'),
    stageEnteredAt: timestamptz('stage_entered_at'),
    closeDate: date('close_date', { mode: 'string' }),
    isClosed: boolean('is_closed').notNull().default(false),
    isWon: boolean('is_won').notNull().default(false),
    creditStatus: text('credit_status', { enum: DEAL_CREDIT_STATUSES }).notNull().default('none'),
    creditNote: text('credit_note'),
    /** The amount last approved; an approved deal is re-checked only when its amount grows past this. */
    approvedAmountMinor: minor('approved_amount_minor'),
    creditCheckedAt: timestamptz('credit_checked_at'),
    creditCheckVersion: integer('credit_check_version').notNull().default(0),
    hubspotUpdatedAt: timestamptz('hubspot_updated_at'),
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('deals_company_idx').on(t.companyId, t.stage), index('deals_owner_idx').on(t.ownerId)],
);

export const dealContacts = pgTable(
  'deal_contacts',
  {
    dealId: uuid('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.dealId, t.contactId] }),
    index('deal_contacts_contact_idx').on(t.contactId),
  ],
);
