// Writes an append-only audit row in the caller's transaction, so a failed audit rolls the change back.

import { auditLog } from '../db/schema/index.ts';
import type { Queryable } from '../db/types.ts';
import { toJsonSafe } from '../lib/json.ts';
import { actorLabel, type ServiceContext } from './context.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function recordAudit(tx: Queryable, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    at: ctx.now,
    actor: actorLabel(ctx.actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : toJsonSafe(entry.before),
    after: entry.after === undefined ? null : toJsonSafe(entry.after),
    reason: entry.reason ?? null,
    requestId: ctx.requestId ?? null,
  });
}
