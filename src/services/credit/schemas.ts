// Input schemas shared by the credit verbs and the API: amounts as integer minor units (strings or
// safe integers), currencies as ISO codes.

import { z } from 'zod';
import { minorUnits } from '../../domain/policy/schema.ts';

export const isoCurrency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code');
export const isoDay = z.iso.date();
export const nonNegativeMinor = minorUnits.refine((value) => value >= 0n, 'must not be negative');

export const financialItemsInput = z.object({
  totalAssets: minorUnits.refine((value) => value > 0n, 'must be positive'),
  totalLiabilities: minorUnits.refine((value) => value > 0n, 'must be positive'),
  workingCapital: minorUnits,
  retainedEarnings: minorUnits,
  ebit: minorUnits,
  sales: nonNegativeMinor,
  bookEquity: minorUnits,
  marketEquity: nonNegativeMinor.optional(),
});

export const financialStatementInput = z.object({
  periodEnd: isoDay,
  currency: isoCurrency,
  items: financialItemsInput,
});
