// The schemas route modules share: the building blocks (fields.ts), companies, invoices and the credit
// profile they carry. Credit and metrics shapes have their own modules.

import { z } from '@hono/zod-openapi';
import { DEAL_CREDIT_STATUSES, INVOICE_STATUSES } from '../../db/schema/index.ts';
import { CreditProfileSchema } from './credit-schemas.ts';
import { Currency, MinorUnits } from './fields.ts';

export { CreditProfileSchema, FinancialStatementSchema } from './credit-schemas.ts';
export * from './fields.ts';

export const CompanySchema = z
  .object({
    id: z.uuid(),
    hubspotId: z
      .string()
      .nullable()
      .openapi({ description: 'The HubSpot company id; null when created here' }),
    name: z.string(),
    domain: z.string().nullable(),
    segment: z.string().nullable().openapi({ description: 'Picks the default limit in the policy' }),
    currency: Currency,
    ownerId: z.uuid().nullable().openapi({ description: 'The account manager (owner id)' }),
    creditProfile: CreditProfileSchema.nullable(),
  })
  .openapi('Company');

export const InvoiceSchema = z
  .object({
    id: z.uuid(),
    source: z.string().openapi({ description: 'hubspot, or the name of the bookkeeping system' }),
    externalId: z.string().openapi({ description: 'The id in the source system' }),
    companyId: z.uuid(),
    dealId: z.uuid().nullable(),
    number: z.string().nullable(),
    currency: Currency,
    amountMinor: MinorUnits,
    balanceMinor: MinorUnits.openapi({ description: 'What is still owed' }),
    issuedOn: z.string().openapi({ description: 'YYYY-MM-DD' }),
    dueOn: z.string().openapi({ description: 'YYYY-MM-DD' }),
    status: z.enum(INVOICE_STATUSES),
    paidOn: z.string().nullable().openapi({ description: 'YYYY-MM-DD, once paid' }),
  })
  .openapi('Invoice');

export const ContactSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
  })
  .openapi('Contact');

export const DealSchema = z
  .object({
    id: z.uuid(),
    companyId: z.uuid().nullable(),
    hubspotId: z.string().nullable().openapi({ description: 'The HubSpot deal id; null when created here' }),
    name: z.string(),
    amountMinor: MinorUnits.nullable(),
    currency: Currency.nullable(),
    stage: z
      .string()
      .nullable()
      .openapi({ description: 'Pipeline stage id; the policy says which are checked' }),
    pipeline: z.string().nullable(),
    creditStatus: z.enum(DEAL_CREDIT_STATUSES).openapi({
      description:
        'The credit check outcome: none until checked; ok, hold, pending_approval, approved or denied after',
    }),
    creditNote: z.string().nullable().openapi({ description: 'Why the status is what it is, for a person' }),
  })
  .openapi('Deal');
