// Records set aside by a sync page or a webhook re-read (sync_rejections): one row per record, the latest
// reason winning, written in the transaction of the page that met it. A record that later arrives clean,
// in a copy at least as new as the rejected one, is cleared by the upsert that stores it (clearedBy).

import { type SQL, sql } from 'drizzle-orm';
import type { SyncRejectedObject } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { CrmRejected } from '../../integrations/crm.ts';
import { type JsonValue, toJsonSafe } from '../../lib/json.ts';
import type { Logger } from '../../lib/logger.ts';
import { isStorableText, toStorableText } from '../../lib/storable-text.ts';
import { instantParam } from './sql-values.ts';

export interface Rejection {
  id: string;
  reason: string;
  /** What was received, as it will be shown; anything jsonb cannot hold is replaced. */
  received: unknown;
  /** The rejected copy's modification time, when it could be read. */
  updatedAt: Date | null;
}

const MAX_REASON = 1_000;
/** Longer "ids" (or ones Postgres cannot store) are not ids: such a record is counted and logged only. */
const MAX_ID = 100;

export function fromProblem(record: CrmRejected): Rejection {
  return {
    id: record.id,
    reason: record.problem,
    received: record.received,
    updatedAt: record.updatedAt.getTime() === 0 ? null : record.updatedAt,
  };
}

/** A record the database refused while the rest of its page was stored (see isolate.ts). */
export function fromRefused(record: { id: string }, reason: string, updatedAt: Date | null): Rejection {
  return { id: record.id, reason: `the database refused it: ${reason}`, received: record, updatedAt };
}

/** Replaces what jsonb refuses (NUL, lone surrogates) so the rejection itself can always be stored. */
function storable(value: JsonValue): JsonValue {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [storable(key), storable(entry)]));
  }
  return value;
}

export async function recordRejections(
  tx: Queryable,
  logger: Logger,
  objectType: SyncRejectedObject,
  rejections: readonly Rejection[],
  at: Date,
  runId: bigint | null,
): Promise<void> {
  if (rejections.length === 0) return;
  const keyed = rejections.filter(
    (rejection) => rejection.id !== '' && rejection.id.length <= MAX_ID && isStorableText(rejection.id),
  );
  logger.warn(
    {
      objectType,
      rejected: rejections.length,
      unkeyed: rejections.length - keyed.length,
      examples: rejections.slice(0, 5).map((rejection) => ({ id: rejection.id, reason: rejection.reason })),
    },
    'HubSpot records rejected; see GET /api/v1/sync/rejections',
  );
  // One row per record: within a page the last word on a record wins.
  const rows = [...new Map(keyed.map((rejection) => [rejection.id, rejection])).values()].map(
    (rejection) => ({
      id: rejection.id,
      reason: storable(rejection.reason.slice(0, MAX_REASON)),
      properties: storable(toJsonSafe(rejection.received)),
      updated: rejection.updatedAt?.toISOString() ?? null,
    }),
  );
  if (rows.length === 0) return;
  await tx.execute(
    sql`insert into sync_rejections (object_type, hubspot_id, reason, properties, hubspot_updated_at, run_id, rejected_at)
      select ${objectType}, r.id, r.reason, r.properties, r.updated, ${runId === null ? null : runId.toString()}::bigint,
        ${instantParam(at)}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, reason text, properties jsonb, updated timestamptz)
      on conflict (object_type, hubspot_id) do update set reason = excluded.reason,
        properties = excluded.properties, hubspot_updated_at = excluded.hubspot_updated_at,
        run_id = excluded.run_id, rejected_at = excluded.rejected_at`,
  );
}

/**
 * A CTE for an upsert statement: removes the rejections of the records in `input` (a relation with `id`
 * and `updated`) whose rejected copy was not newer than the clean one being stored.
 */
export function clearedBy(objectType: SyncRejectedObject, input: SQL): SQL {
  return sql`cleared as (
    delete from sync_rejections s using ${input} c
    where s.object_type = ${objectType} and s.hubspot_id = c.id
      and (s.hubspot_updated_at is null or c.updated is null or s.hubspot_updated_at <= c.updated))`;
}
