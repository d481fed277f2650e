// Shared OpenAPI schemas. Money crosses the API as a decimal string of minor units plus currency,
// so no amount ever passes through a JSON float.

import { z } from '@hono/zod-openapi';

export const MinorUnits = z
  .string()
  .regex(/^-?\d+$/)
  .openapi({ description: 'Amount in minor units (cents for USD), as a string', example: '1250000' });

export const Uuid = z.uuid();

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  after: z.uuid().optional().openapi({ description: 'The last id of the previous page' }),
});

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

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
