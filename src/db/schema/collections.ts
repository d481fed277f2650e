// Collections: promises to pay, snoozes, and the dunning log that makes each (invoice, stage) alert once.

import { date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz } from './columns.ts';
import { companies } from './companies.ts';
import { invoices } from './invoices.ts';
import { owners } from './owners.ts';

export const promisesToPay = pgTable(
  'promises_to_pay',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'cascade' }),
    amountMinor: minor('amount_minor').notNull(),
    currency: currency().notNull(),
    promisedOn: date('promised_on', { mode: 'string' }).notNull(),
    note: text('note'),
    loggedBy: text('logged_by').notNull(),
    status: text('status', { enum: ['open', 'kept', 'broken', 'cancelled'] })
      .notNull()
      .default('open'),
    resolvedAt: timestamptz('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('promises_company_status_idx').on(t.companyId, t.status),
    index('promises_invoice_idx').on(t.invoiceId),
    index('promises_open_date_idx').on(t.status, t.promisedOn),
  ],
);

export const invoiceSnoozes = pgTable(
  'invoice_snoozes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    until: date('until', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    snoozedBy: text('snoozed_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('invoice_snoozes_invoice_idx').on(t.invoiceId, t.until)],
);

export const dunningAlerts = pgTable(
  'dunning_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').references(() => owners.id, { onDelete: 'set null' }),
    stage: text('stage').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'resolved', 'skipped'] }).notNull(),
    detail: jsonb('detail'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    alertedAt: timestamptz('alerted_at').notNull(),
    resolvedAt: timestamptz('resolved_at'),
  },
  (t) => [
    uniqueIndex('dunning_alerts_invoice_stage_idx').on(t.invoiceId, t.stage),
    index('dunning_alerts_company_idx').on(t.companyId, t.alertedAt),
  ],
);
