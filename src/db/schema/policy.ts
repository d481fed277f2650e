// Versioned credit policy (never updated in place) and exchange rates to the base currency.

import { date, integer, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, currency } from './columns.ts';

export const creditPolicies = pgTable('credit_policies', {
  version: integer('version').primaryKey(),
  body: jsonb('body').notNull(),
  createdBy: text('created_by').notNull(),
  reason: text('reason'),
  createdAt: createdAt(),
});

export const fxRates = pgTable(
  'fx_rates',
  {
    currency: currency('currency').notNull(),
    baseCurrency: currency('base_currency').notNull(),
    /** Units of base currency per one unit of `currency`, exact decimal. */
    rate: numeric('rate', { precision: 20, scale: 10 }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.baseCurrency, t.validFrom] })],
);
