// The receivables metrics response (services/metrics/report.ts): DSO in three forms, ADD, CEI, aging,
// bad-debt ratio and a 12-week collection forecast, all in the policy's base currency.

import { z } from '@hono/zod-openapi';
import { AGING_BUCKETS } from '../../domain/metrics/aging.ts';
import { FxRatesUsedSchema } from './credit-schemas.ts';
import { Currency, MinorUnits } from './fields.ts';

const Days = (description: string) => z.number().nullable().openapi({ description });
const Percent = (description: string) => z.number().nullable().openapi({ description });

export const ReceivablesMetricsSchema = z
  .object({
    scope: z
      .union([z.object({ companyId: z.uuid() }), z.object({ portfolio: z.literal(true) })])
      .openapi({ description: 'One company, or the whole portfolio' }),
    period: z.object({
      from: z.string().openapi({ description: 'First day (YYYY-MM-DD)' }),
      to: z.string().openapi({ description: 'Last day (YYYY-MM-DD)' }),
      days: z.number().int().openapi({ description: 'Days in the period, both ends counted' }),
    }),
    currency: Currency.openapi({ description: "The policy's base currency, in which every amount here is" }),
    policyVersion: z.number().int().openapi({ description: 'The policy whose exchange rates were used' }),
    fxRatesUsed: FxRatesUsedSchema,
    leftOut: z.record(z.string(), MinorUnits).openapi({
      description: 'Ending receivables left out of every figure for want of an exchange rate, by currency',
    }),
    creditSalesMinor: MinorUnits.openapi({ description: 'Invoiced in the period' }),
    beginningReceivablesMinor: MinorUnits.openapi({ description: 'Open at the start of the period' }),
    endingReceivablesMinor: MinorUnits.openapi({ description: 'Open at the end of the period' }),
    endingCurrentReceivablesMinor: MinorUnits.openapi({ description: 'Open and not yet due at the end' }),
    dso: z.object({
      standard: Days('Ending receivables / credit sales × days; null without sales'),
      countback: Days("Days of the latest months' sales that make up ending receivables; null without sales"),
      bestPossible: Days('Ending current receivables / credit sales × days; null without sales'),
    }),
    averageDaysDelinquent: Days('DSO minus best possible DSO'),
    collectionEffectivenessIndex: Percent('Collected as a share of what was collectible, 0–100'),
    badDebtRatio: Percent('Written off as a share of credit sales, 0–100'),
    aging: z
      .object(
        Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, MinorUnits])) as Record<
          (typeof AGING_BUCKETS)[number],
          typeof MinorUnits
        >,
      )
      .openapi({ description: 'Open balances by days past due: current, 1–30, 31–60, 61–90, over 90' }),
    forecast: z.object({
      weeks: z
        .array(
          z.object({
            week: z.number().int().min(1).openapi({ description: '1 is the week starting on the last day' }),
            from: z.string().openapi({ description: 'YYYY-MM-DD' }),
            to: z.string().openapi({ description: 'YYYY-MM-DD' }),
            expectedMinor: MinorUnits,
          }),
        )
        .openapi({
          description: "Open invoices expected per week: due date plus the customer's average days late",
        }),
      laterMinor: MinorUnits.openapi({ description: 'Expected after the last week' }),
    }),
  })
  .openapi('ReceivablesMetrics');
