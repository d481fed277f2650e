// Outbox (every outward effect, written in the transaction that causes it) and inbox (every inbound
// delivery, recorded under a unique key before it is acted on).

import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns.ts';

export const OUTBOX_STATUSES = ['pending', 'delivering', 'delivered', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** Handler name, e.g. 'slack.postMessage', 'hubspot.updateCompanies'. */
    target: text('target').notNull(),
    payload: jsonb('payload').notNull(),
    /** Optional: a second write of the same effect is dropped at insert. */
    dedupeKey: text('dedupe_key'),
    /** Rows sharing a rate key (a Slack channel, the HubSpot portal) are paced together. */
    rateKey: text('rate_key'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** From the enqueuing verb's clock: the dispatcher compares it with the same clock. */
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    /** While delivering: the lease; a row whose lease ran out (its dispatcher died) is claimed again. */
    leaseUntil: timestamptz('lease_until'),
    lastError: text('last_error'),
    result: jsonb('result'),
    /** From the enqueuing verb's clock: the age of the oldest pending row is reported against it. */
    createdAt: timestamptz('created_at').notNull(),
    deliveredAt: timestamptz('delivered_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_idx').on(t.dedupeKey),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'delivering'`),
    index('outbox_status_idx').on(t.status, t.id),
  ],
);

export const inbox = pgTable(
  'inbox',
  {
    source: text('source', { enum: ['hubspot', 'slack'] }).notNull(),
    key: text('key').notNull(),
    payload: jsonb('payload').notNull(),
    /** 'rejected': the delivery can never be processed (the error says why); it is kept, never retried. */
    status: text('status', { enum: ['received', 'processed', 'failed', 'rejected'] })
      .notNull()
      .default('received'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: timestamptz('received_at').notNull(),
    processedAt: timestamptz('processed_at'),
    /** While set and in the future, one worker is processing the event; others leave it alone. */
    claimedUntil: timestamptz('claimed_until'),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.key] }),
    index('inbox_pending_idx').on(t.receivedAt).where(sql`${t.status} = 'received'`),
  ],
);

export const jobFires = pgTable(
  'job_fires',
  {
    name: text('name').notNull(),
    /** The scheduled fire time (not the wall clock at start), so every replica claims the same key. */
    fireAt: timestamptz('fire_at').notNull(),
    claimedBy: text('claimed_by').notNull(),
    /** Bookkeeping: fires are keyed and judged by fire_at, never by when the claim was written. */
    claimedAt: createdAt(),
    finishedAt: timestamptz('finished_at'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.name, t.fireAt] })],
);

export const syncState = pgTable('sync_state', {
  objectType: text('object_type').primaryKey(),
  /** Full-sync cursor (`after`), null when no full sync is in progress. */
  cursor: text('cursor'),
  /** Incremental watermark: the highest hs_lastmodifieddate fully stored. */
  watermark: timestamptz('watermark'),
  stats: jsonb('stats'),
  /** Bookkeeping for operators (the database's clock); liveness is sync_runs.lease_until. */
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    mode: text('mode', { enum: ['full', 'incremental'] }).notNull(),
    objects: jsonb('objects').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    stats: jsonb('stats'),
    error: text('error'),
    startedAt: timestamptz('started_at').notNull(),
    /** When the run was last heard from: its claim or its latest lease renewal (the run's clock). */
    heartbeatAt: timestamptz('heartbeat_at').notNull(),
    /**
     * A running run is alive until this time, which it pushes forward on a timer (services/sync/lease.ts).
     * A run whose lease has run out died with its process: the next claim marks it failed and takes over.
     */
    leaseUntil: timestamptz('lease_until').notNull(),
    /** Which process holds (or held) the run: host, pid and an id unique to the process. */
    holder: text('holder').notNull(),
    finishedAt: timestamptz('finished_at'),
  },
  // Runs never overlap: at most one row may be 'running'.
  (t) => [uniqueIndex('sync_runs_one_running_idx').on(t.status).where(sql`${t.status} = 'running'`)],
);
