// Credit profiles, risk flags with their history, and financial statements for Altman scoring.

import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, currency, minor, timestamptz, updatedAt } from './columns.ts';
import { companies } from './companies.ts';

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const STRATEGIES = ['accept', 'monitor', 'exit'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const creditProfiles = pgTable(
  'credit_profiles',
  {
    companyId: uuid('company_id')
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    limitMinor: minor('limit_minor').notNull(),
    currency: currency().notNull(),
    /** 'policy_default' until someone approves a limit (and NO_CREDIT_LIMIT is raised meanwhile). */
    limitSource: text('limit_source', { enum: ['policy_default', 'approved'] }).notNull(),
    termsDays: integer('terms_days').notNull(),
    score: integer('score'),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }),
    strategy: text('strategy', { enum: STRATEGIES }),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    blocked: boolean('blocked').notNull().default(false),
    exposureMinor: minor('exposure_minor').notNull().default(sql`0`),
    availableMinor: minor('available_minor').notNull().default(sql`0`),
    /** Open invoice balances in the base currency: this company's part of the portfolio (concentration). */
    receivablesBaseMinor: minor('receivables_base_minor').notNull().default(sql`0`),
    /**
     * Every score factor with its inputs and points. Stored as json, not jsonb: it is written whole on
     * every change and read whole, never queried into, and json takes the engine's text as it is.
     */
    explanation: json('explanation'),
    /** A hash of the explanation: a rescore compares it to tell whether the profile changed. */
    fingerprint: text('fingerprint'),
    /** Rates applied to bring other currencies into the limit's currency. */
    fxRatesUsed: jsonb('fx_rates_used'),
    policyVersion: integer('policy_version'),
    computedAt: timestamptz('computed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('credit_profiles_risk_idx').on(t.riskLevel),
    index('credit_profiles_review_idx').on(t.nextReviewOn),
  ],
);

/**
 * Portfolio totals from the last full rescore. One-company recomputes read the total from here (adjusted
 * by that company's change) instead of scanning every open invoice.
 */
export const creditPortfolio = pgTable('credit_portfolio', {
  baseCurrency: currency('base_currency').primaryKey(),
  receivablesBaseMinor: minor('receivables_base_minor').notNull(),
  companies: integer('companies').notNull(),
  computedAt: timestamptz('computed_at').notNull(),
});

/**
 * A full rescore that is owed: a full HubSpot listing defers credit work page by page and leaves one of
 * these in the transaction of its last page, so the rescore survives the process. The
 * `credit-rescore-requested` job works it once no sync run is under way. One row at most.
 */
export const creditRescoreRequests = pgTable('credit_rescore_requests', {
  scope: text('scope', { enum: ['portfolio'] }).primaryKey(),
  requestedAt: timestamptz('requested_at').notNull(),
  reason: text('reason').notNull(),
  /**
   * Counts the requests made. A rescore notes the value before it reads anything and removes the row
   * only if no request came after, so one committed while it ran is not lost.
   */
  generation: bigint('generation', { mode: 'bigint' }).notNull().default(sql`1`),
  /** Set while a runner works the request; a runner that died leaves it to expire. */
  claimedUntil: timestamptz('claimed_until'),
});

export const riskFlags = pgTable(
  'risk_flags',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
    facts: jsonb('facts').notNull(),
    raisedAt: timestamptz('raised_at').notNull(),
    clearedAt: timestamptz('cleared_at'),
  },
  (t) => [
    // At most one active flag per code and company; cleared ones stay as history.
    uniqueIndex('risk_flags_active_idx').on(t.companyId, t.code).where(sql`${t.clearedAt} is null`),
    index('risk_flags_company_idx').on(t.companyId, t.raisedAt),
  ],
);

export const financialStatements = pgTable(
  'financial_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    currency: currency().notNull(),
    /** Line items in minor units: working capital, retained earnings, EBIT, equity, sales, totals. */
    items: jsonb('items').notNull(),
    /** The Altman result: variant, z, zone, computed components. */
    altman: jsonb('altman'),
    createdAt: createdAt(),
  },
  (t) => [index('financial_statements_company_idx').on(t.companyId, t.periodEnd)],
);
