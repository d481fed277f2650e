// The building blocks of every /api/v1 schema: money as a decimal string of minor units (no amount
// ever passes through a JSON float), text Postgres can store, 64-bit ids, pages and the problem shape.

import { z } from '@hono/zod-openapi';
import {
  BIGINT_ID_MESSAGE,
  BIGINT_TEXT_MESSAGE,
  INT32_MAX,
  isBigintIdText,
  isBigintText,
  isStorableText,
  refineStorableJson,
  UNSAFE_TEXT_MESSAGE,
} from '../../lib/safe-input.ts';

// Every schema here is made with this module's `z`, never by calling .openapi() on one made elsewhere:
// a schema built before @hono/zod-openapi loaded has no .openapi().

export const MinorUnits = z.string().refine(isBigintText, BIGINT_TEXT_MESSAGE).openapi({
  description: 'Amount in minor units (cents for USD), as a string; fits in 64 bits',
  example: '1250000',
});

/** Free text from a request: storable in Postgres (no NUL, no unpaired surrogate), at most `max` long. */
export const Text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine(isStorableText, UNSAFE_TEXT_MESSAGE)
    .openapi({
      description: `Text of ${min > 0 ? `${min} to ` : 'at most '}${max} characters, without NUL characters`,
    });

/** A bigint row id as a decimal string (1 … 2^63-1). */
export const BigintId = z
  .string()
  .refine(isBigintIdText, BIGINT_ID_MESSAGE)
  .openapi({ description: 'A row id: a decimal string from 1 to 2^63-1' });

/** A whole number for an `integer` column, from query text or JSON. */
export const Int32 = z.coerce.number().int().max(INT32_MAX);

/** A free-form JSON object: storable text only, at most 32 levels deep. */
export const JsonObject = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => refineStorableJson(value, ctx))
  .openapi({ description: 'A JSON object (text without NUL characters, at most 32 levels deep)' });

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code')
  .openapi({ description: 'ISO 4217 currency code', example: 'USD' });

export const Uuid = z.uuid();

export const PageQuery = z.object({
  limit: Int32.min(1).max(200).default(50).openapi({ example: 50 }),
  after: z.uuid().optional().openapi({ description: 'The last id of the previous page' }),
});

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: 'urn:creditline:problem:<code>' }),
    title: z.string().openapi({ description: 'The HTTP status in words' }),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'What went wrong, for a person' }),
    code: z.string().openapi({
      description:
        'Stable machine code: validation_failed, invalid_input, unauthorized, forbidden, not_found, conflict, precondition_failed, payload_too_large, currency_mismatch, rate_limited, upstream_failed, unavailable, internal',
    }),
    instance: z.string().openapi({ description: 'The request path' }),
    requestId: z.string().openapi({ description: 'The x-request-id of the request, for the logs' }),
    issues: z
      .array(
        z.object({
          path: z
            .string()
            .openapi({ description: 'The field, dotted (rows.3.amount); empty for the whole input' }),
          message: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'With validation_failed: every invalid field' }),
  })
  .passthrough()
  .openapi('Problem', { description: 'An RFC 9457 problem' });

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ProblemSchema } } },
  401: {
    description: 'Missing or invalid token',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  404: { description: 'Not found', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;
