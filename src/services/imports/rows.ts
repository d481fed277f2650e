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

/** The text's sign, read before the currency is known, so a bad sign is named even when other fields fail. */
const isNegative = (text: string) => text.startsWith('-') && /[1-9]/.test(text);
const nonNegativeText = decimalText.refine((text) => !isNegative(text), 'must not be negative');
const positiveText = decimalText.refine(
  (text) => !isNegative(text) && /[1-9]/.test(text),
  'must be positive',
);

const text = (row: Record<string, unknown>, key: string): string | undefined => {
  const value = row[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/**
 * Minor units of an amount field, or undefined (with an issue when it does not fit the currency, e.g.
 * three decimals for EUR). Silent when the field or the currency is itself invalid: their own checks
 * name that.
 */
function minorOf(ctx: z.RefinementCtx, row: Record<string, unknown>, field: string): bigint | undefined {
  const amount = text(row, field);
  const currency = currencyCode.safeParse(row.currency);
  if (amount === undefined || !currency.success || !decimalText.safeParse(amount).success) return undefined;
  try {
    return parseDecimal(amount, currency.data).minor;
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

function requireCompanyRef(
  ctx: z.RefinementCtx,
  row: Record<string, unknown>,
  path: string,
  message: string,
) {
  if (!text(row, 'companyId') && !text(row, 'companyExternalId') && !text(row, 'companyHubspotId'))
    ctx.addIssue({ code: 'custom', path: [path], message });
}

// The row checks that join fields run even when a field failed its own check (`when`), so a rejected
// row names every bad field at once; they read the raw values defensively for that reason.
const always = { when: () => true };

export const InvoiceRow = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    ...companyRef,
    number: optionalText,
    currency: currencyCode,
    amount: nonNegativeText,
    balance: z.preprocess(blankToUndefined, nonNegativeText.optional()),
    issuedOn: calendarDate,
    dueOn: calendarDate,
    status: z.preprocess(blankToUndefined, z.enum(INVOICE_STATUSES).optional()),
    paidOn: z.preprocess(blankToUndefined, calendarDate.optional()),
  })
  .superRefine((value: unknown, ctx) => {
    const row = asRecord(value);
    requireCompanyRef(ctx, row, 'companyExternalId', 'a company reference is required');
    const issued = calendarDate.safeParse(row.issuedOn);
    const due = calendarDate.safeParse(row.dueOn);
    if (issued.success && due.success && due.data < issued.data)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'is before issuedOn' });
    const amountMinor = minorOf(ctx, row, 'amount');
    const balanceMinor = minorOf(ctx, row, 'balance');
    if (balanceMinor !== undefined && amountMinor !== undefined && balanceMinor > amountMinor)
      ctx.addIssue({ code: 'custom', path: ['balance'], message: 'must be between 0 and the amount' });
  }, always)
  // Runs only on a row without issues: the amounts are known to parse.
  .transform((row) => ({
    ...row,
    amountMinor: parseDecimal(row.amount, row.currency).minor,
    balanceMinor: row.balance === undefined ? null : parseDecimal(row.balance, row.currency).minor,
  }));
export type InvoiceRow = z.output<typeof InvoiceRow>;

export const PaymentRow = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    ...companyRef,
    invoiceExternalId: optionalText,
    currency: currencyCode,
    amount: positiveText,
    receivedOn: calendarDate,
    method: optionalText,
  })
  .superRefine((value: unknown, ctx) => {
    const row = asRecord(value);
    if (!text(row, 'invoiceExternalId'))
      requireCompanyRef(ctx, row, 'invoiceExternalId', 'an invoice or company reference is required');
    minorOf(ctx, row, 'amount');
  }, always)
  .transform((row) => ({ ...row, amountMinor: parseDecimal(row.amount, row.currency).minor }));
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
