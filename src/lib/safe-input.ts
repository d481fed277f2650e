// Checks and zod building blocks for values from outside that end up in Postgres: text Postgres can
// store (no NUL, no unpaired UTF-16 surrogates, a length limit), ids that fit a bigint column, and
// free-form JSON that is shallow and holds only storable text. Every edge (API, Slack, HubSpot) builds
// its schemas on these, so bad input is refused with the field named instead of failing in the
// database. The API's OpenAPI schemas use the predicates with their own `z` (routes/api/fields.ts):
// `.openapi()` exists only on schemas made after @hono/zod-openapi extended zod.

import { z } from 'zod';

/** Postgres `text` cannot hold U+0000, and a lone surrogate has no UTF-8 form (jsonb refuses it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Makes text storable for the record of a rejected input: NUL and lone surrogates become U+FFFD. */
export function storableText(value: string): string {
  return value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}

/** Text of at most `max` characters that Postgres can store. */
export function safeText(max: number, min = 0) {
  return z.string().min(min).max(max).refine(isStorableText, UNSAFE_TEXT_MESSAGE);
}

/** Like safeText, trimmed first: the length limits apply to what is stored. */
export function trimmedText(max: number, min = 0) {
  return z.string().trim().min(min).max(max).refine(isStorableText, UNSAFE_TEXT_MESSAGE);
}

/** The largest value of a Postgres bigint (bigserial ids, minor units). */
export const BIGINT_MAX = 2n ** 63n - 1n;
export const BIGINT_MIN = -(2n ** 63n);

export const BIGINT_ID_MESSAGE = 'must be a whole number from 1 to 2^63-1';
export const BIGINT_TEXT_MESSAGE = 'must be a whole number that fits in 64 bits';

/** A positive bigint id as decimal text (outbox ids, sync run ids): 1 … 2^63-1. */
export function isBigintIdText(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) >= 1n && BigInt(value) <= BIGINT_MAX;
}

/** An integer amount as decimal text that fits a bigint column. */
export function isBigintText(value: string): boolean {
  return /^-?\d{1,19}$/.test(value) && BigInt(value) >= BIGINT_MIN && BigInt(value) <= BIGINT_MAX;
}

/** A Postgres `integer`: the range of page sizes, versions and day counts that reach an int column. */
export const INT32_MAX = 2_147_483_647;

/** How deep free-form JSON may nest: real documents are a few levels; deeper ones are hostile. */
export const MAX_JSON_DEPTH = 32;

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first thing in a JSON value that Postgres could not store or that nests too deep, or undefined.
 * Stops at the depth limit, so a hostile document cannot exhaust the stack here.
 */
export function findJsonProblem(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
  path: (string | number)[] = [],
): JsonProblem | undefined {
  if (typeof value === 'string') {
    return isStorableText(value) ? undefined : { path, message: UNSAFE_TEXT_MESSAGE };
  }
  if (typeof value === 'number' && !Number.isFinite(value))
    return { path, message: 'must be a finite number' };
  if (value === null || typeof value !== 'object') return undefined;
  if (path.length >= maxDepth) return { path, message: `nests deeper than ${maxDepth} levels` };
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((entry, index) => [index, entry])
    : Object.entries(value);
  for (const [key, entry] of entries) {
    if (typeof key === 'string' && !isStorableText(key)) {
      return { path: [...path, storableText(key)], message: `key ${UNSAFE_TEXT_MESSAGE}` };
    }
    const problem = findJsonProblem(entry, maxDepth, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}

/** Adds a zod issue for the first unstorable or too-deep part of a free-form JSON value. */
export function refineStorableJson(value: unknown, ctx: z.RefinementCtx, maxDepth = MAX_JSON_DEPTH): void {
  const problem = findJsonProblem(value, maxDepth);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
}
