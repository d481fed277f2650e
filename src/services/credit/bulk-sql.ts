// Helpers for set-based writes: one array parameter per column, JSON text for jsonb columns, and the
// audit rows of a bulk change written by the same statement.

import { type SQL, sql } from 'drizzle-orm';
import { actorLabel, type ServiceContext } from '../context.ts';
import { arrayLiteral } from './sql-values.ts';

/** `insert into audit_log` of rows selected from `source`, which provides entity_id, before, after. */
export function auditInsert(ctx: ServiceContext, action: string, entityType: string, source: SQL) {
  return sql`insert into audit_log (at, actor, action, entity_type, entity_id, before, after, request_id)
    select ${ctx.now.toISOString()}::timestamptz, ${actorLabel(ctx.actor)}, ${action}, ${entityType},
      a.entity_id, a.before, a.after, ${ctx.requestId ?? null} from (${source}) a`;
}

export const jsonText = (value: unknown) =>
  JSON.stringify(value, (_key, entry) => (typeof entry === 'bigint' ? entry.toString() : entry));

/** One array parameter per column, cast on the server: `${column(values)}::bigint[]`. */
export const column = (values: readonly (string | number | bigint | boolean | null)[]) =>
  sql`${arrayLiteral(values)}`;
