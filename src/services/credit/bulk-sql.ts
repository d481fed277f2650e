// Helpers for set-based writes: one array parameter per column, JSON text for jsonb columns, and the
// audit rows of a bulk change written by the same statement.

import { type SQL, sql } from 'drizzle-orm';
import type { JsonValue } from '../../lib/json.ts';
import { actorLabel, type ServiceContext } from '../context.ts';
import { arrayLiteral } from './sql-values.ts';

/** `insert into audit_log` of rows selected from `source`, which provides entity_id, before, after. */
export function auditInsert(ctx: ServiceContext, action: string, entityType: string, source: SQL) {
  return sql`insert into audit_log (at, actor, action, entity_type, entity_id, before, after, request_id)
    select ${ctx.now.toISOString()}::timestamptz, ${actorLabel(ctx.actor)}, ${action}, ${entityType},
      a.entity_id, a.before, a.after, ${ctx.requestId ?? null} from (${source}) a`;
}

/** JSON text for a jsonb column. Values are built JSON-safe (amounts as strings): a replacer that
 * turned bigints into strings would run once per key, which a full rescore cannot afford. */
export const jsonText = (value: JsonValue) => JSON.stringify(value);

/** One array parameter per column, cast on the server: `${column(values)}::bigint[]`. */
export const column = (values: readonly (string | number | bigint | boolean | null)[]) =>
  sql`${arrayLiteral(values)}`;

/**
 * Texts that are each one JSON value, as a set of (jsonb, ordinality) rows to join on the ordinality of
 * the other columns' `unnest`. The texts are joined into one JSON array rather than escaped into an
 * array literal: for a full rescore's explanations, escaping cost more than everything else in Node.
 */
export const jsonElements = (texts: readonly string[], type: 'json' | 'jsonb' = 'jsonb') =>
  type === 'json'
    ? sql`json_array_elements(${`[${texts.join(',')}]`}::json) with ordinality`
    : sql`jsonb_array_elements(${`[${texts.join(',')}]`}::jsonb) with ordinality`;
