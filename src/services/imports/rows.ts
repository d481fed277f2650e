// The shape of one imported invoice or payment row (from the REST API or a CSV file), validated
// strictly: amounts as decimal strings parsed to minor units, dates as real calendar dates.

import { z } from 'zod';
import { INVOICE_STATUSES } from '../../db/schema/index.ts';
import { parseDecimal } from '../../domain/money.ts';

export const MAX_IMPORT_ROWS = 1_000;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(200).optional());
const calendarDate = z.iso.date();
const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code');
const decimalText = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal amount like 1234.56');

const companyRef = {
  companyId: z.preprocess(blankToUndefined, z.uuid().optional()),
  companyExternalId: optionalText,
  companyHubspotId: z.preprocess(
    blankToUndefined,
    z.string().regex(/^\d+$/, 'must be a HubSpot id').optional(),
  ),
};

function toMinor(
  ctx: z.RefinementCtx,
  text: string | undefined,
  currency: string,
  path: string,
): bigint | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDecimal(text, currency).minor;
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

export const InvoiceRow = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    ...companyRef,
    number: optionalText,
    currency: currencyCode,
    amount: decimalText,
    balance: z.preprocess(blankToUndefined, decimalText.optional()),
    issuedOn: calendarDate,
    dueOn: calendarDate,
    status: z.preprocess(blankToUndefined, z.enum(INVOICE_STATUSES).optional()),
    paidOn: z.preprocess(blankToUndefined, calendarDate.optional()),
  })
  .transform((row, ctx) => {
    const amountMinor = toMinor(ctx, row.amount, row.currency, 'amount');
    const balanceMinor = toMinor(ctx, row.balance, row.currency, 'balance');
    if (!row.companyId && !row.companyExternalId && !row.companyHubspotId) {
      ctx.addIssue({
        code: 'custom',
        path: ['companyExternalId'],
        message: 'a company reference is required',
      });
    }
    if (row.dueOn < row.issuedOn)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'is before issuedOn' });
    if (amountMinor !== undefined && amountMinor < 0n)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must not be negative' });
    if (
      balanceMinor !== undefined &&
      amountMinor !== undefined &&
      (balanceMinor < 0n || balanceMinor > amountMinor)
    ) {
      ctx.addIssue({ code: 'custom', path: ['balance'], message: 'must be between 0 and the amount' });
    }
    return { ...row, amountMinor: amountMinor ?? 0n, balanceMinor: balanceMinor ?? null };
  });
export type InvoiceRow = z.output<typeof InvoiceRow>;

export const PaymentRow = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    ...companyRef,
    invoiceExternalId: optionalText,
    currency: currencyCode,
    amount: decimalText,
    receivedOn: calendarDate,
    method: optionalText,
  })
  .transform((row, ctx) => {
    const amountMinor = toMinor(ctx, row.amount, row.currency, 'amount');
    if (amountMinor !== undefined && amountMinor <= 0n)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be positive' });
    if (!row.invoiceExternalId && !row.companyId && !row.companyExternalId && !row.companyHubspotId) {
      ctx.addIssue({
        code: 'custom',
        path: ['invoiceExternalId'],
        message: 'an invoice or company reference is required',
      });
    }
    return { ...row, amountMinor: amountMinor ?? 0n };
  });
export type PaymentRow = z.output<typeof PaymentRow>;

export const ImportSource = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, dot, dash or underscore')
  .refine((source) => source !== 'hubspot' && source !== 'demo', 'is reserved')
  .default('import');

export interface RowProblem {
  row: number;
  field: string;
  message: string;
}
