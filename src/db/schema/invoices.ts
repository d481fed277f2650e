// Invoices and payments, from HubSpot (object 0-53) or a bookkeeping system. Upserts key on
// (source, external_id) so re-imports are idempotent.

import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz } from './columns.ts';
import { companies } from './companies.ts';
import { deals } from './deals.ts';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'written_off'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 'hubspot', 'demo', or the name of the bookkeeping system an import came from. */
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    number: text('number'),
    currency: currency().notNull(),
    amountMinor: minor('amount_minor').notNull(),
    balanceMinor: minor('balance_minor').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    termsDays: integer('terms_days'),
    status: text('status', { enum: INVOICE_STATUSES }).notNull(),
    /** Date the balance reached zero; drives days-beyond-terms. */
    paidOn: date('paid_on', { mode: 'string' }),
    /** The source's own modification time; an older copy never overwrites a newer one. */
    sourceUpdatedAt: timestamptz('source_updated_at'),
    /**
     * The highest dunning stage alerted so far (a ladder key), kept by the late-payment scan in the
     * statement that records the alert, so the scan can skip unchanged invoices without reading the
     * whole alert history. dunning_alerts' unique (invoice, stage) index stays the guarantee.
     */
    dunningStage: text('dunning_stage'),
    createdAt: createdAt(),
    /** Set by every writer from its clock: a write-off counts in the metrics from this date. */
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('invoices_source_external_idx').on(t.source, t.externalId),
    index('invoices_company_status_idx').on(t.companyId, t.status),
    index('invoices_open_due_idx').on(t.dueOn).where(sql`${t.status} = 'open'`),
    index('invoices_deal_idx').on(t.dealId),
    // The last line behind the payment rules: money a customer paid beyond an invoice is refused or kept
    // as unapplied cash on its payment, never an invoice that owes the customer.
    check('invoices_balance_not_negative', sql`${t.balanceMinor} >= 0`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'set null' }),
    currency: currency().notNull(),
    amountMinor: minor('amount_minor').notNull(),
    /**
     * The part of this payment not applied to an invoice: all of it without one, the excess over the
     * invoice's open balance otherwise (where the policy keeps it). The customer's unapplied cash.
     */
    unappliedMinor: minor('unapplied_minor').notNull().default(sql`0`),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    method: text('method'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payments_source_external_idx').on(t.source, t.externalId),
    index('payments_company_received_idx').on(t.companyId, t.receivedOn),
    index('payments_invoice_idx').on(t.invoiceId),
    check(
      'payments_unapplied_within_amount',
      sql`${t.unappliedMinor} >= 0 and ${t.unappliedMinor} <= ${t.amountMinor}`,
    ),
  ],
);
