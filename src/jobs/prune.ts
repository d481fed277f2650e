// Daily housekeeping: drop delivered outbox rows, processed inbox rows and old fire claims after 30 days.
// Dead letters and the audit log are never pruned.

import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { inbox, jobFires, outbox } from '../db/schema/index.ts';
import type { JobDefinition } from './types.ts';

const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const pruneJob: JobDefinition = {
  name: 'prune',
  cron: '17 3 * * *',
  description: 'Delete delivered outbox rows, processed inbox rows and job claims older than 30 days',
  async run(deps, now) {
    const cutoff = new Date(now.getTime() - RETENTION_MS);
    await deps.db.delete(outbox).where(and(eq(outbox.status, 'delivered'), lt(outbox.deliveredAt, cutoff)));
    await deps.db.delete(inbox).where(and(eq(inbox.status, 'processed'), lt(inbox.receivedAt, cutoff)));
    await deps.db.delete(jobFires).where(and(isNotNull(jobFires.finishedAt), lt(jobFires.fireAt, cutoff)));
  },
};
