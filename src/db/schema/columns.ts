// Column helpers shared by every table, so money and time are declared the same way everywhere.

import { bigint, char, timestamp } from 'drizzle-orm/pg-core';

/** Integer minor units (cents for USD). Read back as bigint, never as a JS number. */
export const minor = (name: string) => bigint(name, { mode: 'bigint' });

export const currency = (name = 'currency') => char(name, { length: 3 });

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Bookkeeping only: when the database wrote the row, by the database's clock. Nothing reads these to
 * decide anything, so the second clock is harmless here. A time that drives behaviour (due, next
 * attempt, requested, decided, written off) is a column without a default, set from the injected clock.
 */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();
