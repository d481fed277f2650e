// Disputes and complaints, each with a Slack thread and its messages.

import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz, updatedAt } from './columns.ts';
import { companies } from './companies.ts';
import { invoices } from './invoices.ts';

export const GRIEVANCE_STATUSES = ['open', 'investigating', 'resolved', 'rejected', 'withdrawn'] as const;

export const grievances = pgTable(
  'grievances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['dispute', 'complaint'] }).notNull(),
    status: text('status', { enum: GRIEVANCE_STATUSES }).notNull().default('open'),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    amountMinor: minor('amount_minor'),
    currency: currency(),
    openedBy: text('opened_by').notNull(),
    ownerSlackUserId: text('owner_slack_user_id'),
    slackChannel: text('slack_channel'),
    slackThreadTs: text('slack_thread_ts'),
    resolution: text('resolution'),
    openedAt: timestamptz('opened_at').notNull(),
    resolvedAt: timestamptz('resolved_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('grievances_company_status_idx').on(t.companyId, t.status),
    index('grievances_invoice_idx').on(t.invoiceId),
    // One open grievance per invoice: a double-click on "Mark disputed" cannot open two.
    uniqueIndex('grievances_open_invoice_idx')
      .on(t.invoiceId)
      .where(sql`${t.invoiceId} is not null and ${t.status} in ('open', 'investigating')`),
    index('grievances_thread_idx').on(t.slackChannel, t.slackThreadTs),
  ],
);

export const grievanceMessages = pgTable(
  'grievance_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grievanceId: uuid('grievance_id')
      .notNull()
      .references(() => grievances.id, { onDelete: 'cascade' }),
    author: text('author').notNull(),
    body: text('body').notNull(),
    source: text('source', { enum: ['slack', 'api', 'system'] }).notNull(),
    slackTs: text('slack_ts'),
    createdAt: createdAt(),
  },
  (t) => [index('grievance_messages_grievance_idx').on(t.grievanceId, t.createdAt)],
);
