// One record the database refuses (a value out of range, a row the page would touch twice) must not fail
// its page. Pages are written at full speed first; when the database refuses a page for its data, the
// page is written again with its upserts under savepoints, halved until each refused record stands alone.

import type { Db, Queryable } from '../../db/types.ts';

/** SQLSTATE classes that blame the data: cardinality (21), data exception (22), integrity (23), limits (54). */
const DATA_CLASSES = new Set(['21', '22', '23', '54']);

function sqlStateOf(error: unknown): string | null {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

export function isRecordDataError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && DATA_CLASSES.has(state.slice(0, 2));
}

/** The database's own words, from the innermost error that has a SQLSTATE. */
function databaseMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (typeof (current as { code?: unknown }).code === 'string' && current instanceof Error) {
      message = current.message;
    }
  }
  return message;
}

/** Runs `attempt(false)`; if the database refused the data, runs it again with `careful` set. */
export async function withRecordIsolation<T>(attempt: (careful: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(false);
  } catch (error) {
    if (!isRecordDataError(error)) throw error;
    return attempt(true);
  }
}

export interface Refused<R> {
  record: R;
  reason: string;
}

/**
 * Upserts `records` in one statement, or when `careful`, under a savepoint per part, halving a refused
 * part until the records the database refuses are found; those come back as `refused`.
 */
export async function upsertIsolated<R, S>(
  tx: Queryable,
  careful: boolean,
  records: readonly R[],
  upsert: (db: Queryable, part: readonly R[]) => Promise<S>,
  merge: (a: S, b: S) => S,
  empty: S,
): Promise<{ result: S; refused: Refused<R>[] }> {
  if (!careful || records.length === 0) return { result: await upsert(tx, records), refused: [] };
  const refused: Refused<R>[] = [];
  const write = async (part: readonly R[]): Promise<S> => {
    try {
      return await underSavepoint(tx, (savepoint) => upsert(savepoint, part));
    } catch (error) {
      if (!isRecordDataError(error)) throw error;
      const [only] = part;
      if (part.length === 1 && only !== undefined) {
        refused.push({ record: only, reason: databaseMessage(error) });
        return empty;
      }
      const middle = Math.ceil(part.length / 2);
      return merge(await write(part.slice(0, middle)), await write(part.slice(middle)));
    }
  };
  return { result: await write(records), refused };
}

/** A nested transaction: a savepoint inside the page's transaction, rolled back alone if it fails. */
function underSavepoint<S>(tx: Queryable, work: (db: Queryable) => Promise<S>): Promise<S> {
  // The database handle and a transaction both nest this way; their signatures differ only in the
  // handle they pass on, which is a Queryable either way.
  return (tx as Db).transaction((inner) => work(inner));
}
