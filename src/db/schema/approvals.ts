// Approvers with their limits, approval requests and the decisions taken on them.

import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz, updatedAt } from './columns.ts';
import { companies } from './companies.ts';
import { deals } from './deals.ts';
import { invoices } from './invoices.ts';

export const approvers = pgTable(
  'approvers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email'),
    slackUserId: text('slack_user_id').unique(),
    role: text('role').notNull(),
    /** The largest amount, in the base currency, this person may approve. */
    limitMinor: minor('limit_minor').notNull(),
    currency: currency().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('approvers_limit_idx').on(t.active, t.limitMinor)],
);

export const APPROVAL_KINDS = [
  'deal_credit',
  'limit_increase',
  'new_customer',
  'collection_agency',
  'legal_review',
  'terms_change',
] as const;
export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'approved_with_changes',
  'denied',
  'cancelled',
  'expired',
] as const;

export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: APPROVAL_KINDS }).notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    amountMinor: minor('amount_minor'),
    currency: currency(),
    /** The amount in the base currency, used for routing; with the rate applied. */
    amountBaseMinor: minor('amount_base_minor'),
    fxRate: jsonb('fx_rate'),
    requestedBy: text('requested_by').notNull(),
    reason: text('reason').notNull(),
    context: jsonb('context'),
    /** When it was requested, by the requesting verb's clock: queues and expiry are measured from it. */
    createdAt: timestamptz('created_at').notNull(),
    decidedAt: timestamptz('decided_at'),
  },
  (t) => [
    index('approval_requests_status_idx').on(t.status, t.createdAt),
    index('approval_requests_company_idx').on(t.companyId),
    // One pending request per deal and kind, so re-checks and re-scans do not pile up duplicates.
    uniqueIndex('approval_requests_pending_deal_idx')
      .on(t.kind, t.dealId)
      .where(sql`${t.status} = 'pending' and ${t.dealId} is not null`),
    // One limit increase waiting per customer: a double-click cannot file two.
    uniqueIndex('approval_requests_pending_limit_idx')
      .on(t.companyId)
      .where(sql`${t.status} = 'pending' and ${t.kind} = 'limit_increase'`),
    uniqueIndex('approval_requests_pending_invoice_idx')
      .on(t.kind, t.invoiceId)
      .where(sql`${t.status} = 'pending' and ${t.invoiceId} is not null`),
  ],
);

export const approvalDecisions = pgTable(
  'approval_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    approverId: uuid('approver_id').references(() => approvers.id, { onDelete: 'set null' }),
    decidedBy: text('decided_by').notNull(),
    decision: text('decision', { enum: ['approved', 'approved_with_changes', 'denied'] }).notNull(),
    changes: jsonb('changes'),
    comment: text('comment'),
    decidedAt: timestamptz('decided_at').notNull(),
  },
  (t) => [index('approval_decisions_request_idx').on(t.requestId)],
);
