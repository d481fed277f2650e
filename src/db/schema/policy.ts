// Versioned credit policy (never updated in place) and exchange rates to the base currency.

import { date, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, currency, timestamptz } from './columns.ts';

export const creditPolicies = pgTable('credit_policies', {
  version: integer('version').primaryKey(),
  body: jsonb('body').notNull(),
  createdBy: text('created_by').notNull(),
  reason: text('reason'),
  /** When the version took effect, by the writing verb's clock: the date of the rates it sets. */
  createdAt: timestamptz('created_at').notNull(),
});

/**
 * Dated exchange rates from a source (HubSpot's currency settings, or the demo portfolio). Rates set in
 * the credit policy are not stored here: they override these when the table is built.
 */
export const fxRates = pgTable(
  'fx_rates',
  {
    currency: currency('currency').notNull(),
    baseCurrency: currency('base_currency').notNull(),
    /** Units of base currency per one unit of `currency`, exact decimal. */
    rate: numeric('rate', { precision: 20, scale: 10 }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    source: text('source', { enum: ['hubspot', 'demo'] }).notNull(),
    /** When Creditline read the rate from its source, by the injected clock. */
    fetchedAt: timestamptz('fetched_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.baseCurrency, t.validFrom] })],
);

/** What Creditline last learned about the HubSpot portal's currencies (one row). */
export const portalCurrency = pgTable('portal_currency', {
  id: integer('id').primaryKey().default(1),
  /** The portal's company currency: the base currency when BASE_CURRENCY is not set. */
  companyCurrency: currency('company_currency').notNull(),
  fetchedAt: timestamptz('fetched_at').notNull(),
});
