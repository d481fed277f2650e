// Shared OpenAPI schemas. Money crosses the API as a decimal string of minor units plus currency,
// so no amount ever passes through a JSON float.

import { z } from '@hono/zod-openapi';
import { bigintIdText, bigintText, INT32_MAX, safeText, storableJsonObject } from '../../lib/safe-input.ts';

export const MinorUnits = bigintText.openapi({
  description: 'Amount in minor units (cents for USD), as a string; fits in 64 bits',
  example: '1250000',
});

/** Free text from a request: storable in Postgres (no NUL, no unpaired surrogate), at most `max` long. */
export const Text = (max: number, min = 0) =>
  safeText(max, min).openapi({
    description: `Text of ${min > 0 ? `${min} to ` : 'at most '}${max} characters, without NUL characters`,
  });

/** A bigint row id as a decimal string (1 … 2^63-1). */
export const BigintId = bigintIdText.openapi({ description: 'A row id: a decimal string from 1 to 2^63-1' });

/** A whole number for an `integer` column, from query text or JSON. */
export const Int32 = z.coerce.number().int().max(INT32_MAX);

/** A free-form JSON object: storable text only, at most 32 levels deep. */
export const JsonObject = storableJsonObject.openapi({
  description: 'A JSON object (text without NUL characters, at most 32 levels deep)',
});

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

/** Financial statements for the Altman Z-score, amounts in minor units of `currency`. */
export const FinancialStatementSchema = z
  .object({
    periodEnd: z.iso.date().openapi({ description: 'Last day of the period the statements cover' }),
    currency: Currency,
    items: z.object({
      totalAssets: MinorUnits,
      totalLiabilities: MinorUnits,
      workingCapital: MinorUnits,
      retainedEarnings: MinorUnits,
      ebit: MinorUnits,
      sales: MinorUnits,
      bookEquity: MinorUnits,
      marketEquity: MinorUnits.optional().openapi({
        description: 'Market value of equity (listed companies)',
      }),
    }),
  })
  .openapi('FinancialStatement');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    requestId: z.string(),
  })
  .passthrough()
  .openapi('Problem');

export const problemResponses = {
  400: { description: 'Invalid input', content: { 'application/problem+json': { schema: ProblemSchema } } },
  401: {
    description: 'Missing or invalid token',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  404: { description: 'Not found', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

export const CreditProfileSchema = z
  .object({
    limitMinor: MinorUnits,
    currency: z.string(),
    limitSource: z.enum(['policy_default', 'approved']),
    termsDays: z.number().int(),
    score: z.number().int().nullable(),
    riskLevel: z.string().nullable(),
    strategy: z.string().nullable(),
    nextReviewOn: z.string().nullable(),
    blocked: z.boolean(),
    exposureMinor: MinorUnits,
    availableMinor: MinorUnits,
    explanation: z.unknown(),
    fxRatesUsed: z.unknown().optional(),
    policyVersion: z.number().int().nullable().optional(),
    computedAt: z.string().nullable(),
  })
  .openapi('CreditProfile');

export const CompanySchema = z
  .object({
    id: z.uuid(),
    hubspotId: z.string().nullable(),
    name: z.string(),
    domain: z.string().nullable(),
    segment: z.string().nullable(),
    currency: z.string(),
    ownerId: z.uuid().nullable(),
    creditProfile: CreditProfileSchema.nullable(),
  })
  .openapi('Company');

export const InvoiceSchema = z
  .object({
    id: z.uuid(),
    source: z.string(),
    externalId: z.string(),
    companyId: z.uuid(),
    dealId: z.uuid().nullable(),
    number: z.string().nullable(),
    currency: z.string(),
    amountMinor: MinorUnits,
    balanceMinor: MinorUnits,
    issuedOn: z.string(),
    dueOn: z.string(),
    status: z.string(),
    paidOn: z.string().nullable(),
  })
  .openapi('Invoice');
