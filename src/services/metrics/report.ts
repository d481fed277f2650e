// The receivables metrics for the portfolio or one company over a period: DSO (standard and
// countback), best possible DSO, ADD, CEI, aging, bad-debt ratio and a 12-week collection forecast.
// Amounts are summed per currency in SQL and converted to the base currency with the day's rates;
// amounts in a currency without a rate are left out and listed in `leftOut`.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies } from '../../db/schema/index.ts';
import {
  canConvert,
  convertMinor,
  type LeftOut,
  type RatesUsed,
  sumInCurrency,
} from '../../domain/credit/fx.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { AGING_BUCKETS } from '../../domain/metrics/aging.ts';
import { badDebtRatio, collectionEffectivenessIndex } from '../../domain/metrics/cei.ts';
import {
  averageDaysDelinquent,
  bestPossibleDso,
  countbackDso,
  standardDso,
} from '../../domain/metrics/dso.ts';
import { forecastCollections } from '../../domain/metrics/forecast.ts';
import { addDays, daysBetween, isoDate } from '../../lib/dates.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy } from '../policy/current.ts';
import { parseInput } from '../validate.ts';
import { monthlySales, openForForecast, type PeriodSums, periodSums } from './queries.ts';

export const metricsInput = z.object({
  companyId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, m ?? 1, 0)).getUTCDate();
}

/** The 12 months ending with the month of `to`, latest first; the latest counts only up to `to`. */
function countbackMonths(to: string): { month: string; days: number }[] {
  const months: { month: string; days: number }[] = [];
  let cursor = to.slice(0, 7);
  for (let i = 0; i < 12; i++) {
    months.push({ month: cursor, days: i === 0 ? Number(to.slice(8, 10)) : daysInMonth(cursor) });
    cursor = addDays(`${cursor}-01`, -1).slice(0, 7);
  }
  return months;
}

export async function receivablesMetrics({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const query = parseInput(metricsInput, input);
  const to = query.to ?? isoDate(ctx.now);
  const from = query.from ?? addDays(to, -89);
  if (from > to) throw new ValidationError('from must not be after to');
  if (query.companyId) {
    const [company] = await ctx.db
      .select({ id: companies.id })
      .from(companies)
      .where(eq(companies.id, query.companyId));
    if (!company) throw new NotFoundError(`No company with id ${query.companyId}`);
  }
  const { policy, version, fx } = await currentPolicy(ctx.db, ctx);
  const base = policy.baseCurrency;
  const rates: RatesUsed = {};
  const leftOut: LeftOut = {};
  // Unconvertible amounts count nowhere; the ending receivables report them once, in `leftOut`.
  const inBase = (minor: bigint, currency: string): bigint =>
    canConvert(fx, currency, base) ? convertMinor(minor, currency, base, fx, rates) : 0n;
  const [sums, monthly, forecastInput] = await Promise.all([
    periodSums(ctx.db, from, to, query.companyId),
    monthlySales(ctx.db, to, query.companyId),
    openForForecast(ctx.db, to, query.companyId),
  ]);
  const total = (pick: (row: PeriodSums) => bigint, out: LeftOut = {}) =>
    sumInCurrency(
      sums.map((row) => ({ currency: row.currency, minor: pick(row) })),
      base,
      fx,
      rates,
      out,
    );
  const days = daysBetween(from, to) + 1;
  const sales = total((row) => row.creditSalesMinor);
  const ending = total((row) => row.endingMinor, leftOut);
  const endingCurrent = total((row) => row.endingCurrentMinor);
  const dso = standardDso(ending, sales, days);
  const bpdso = bestPossibleDso(endingCurrent, sales, days);
  const salesByMonth = new Map<string, bigint>();
  for (const row of monthly) {
    const converted = inBase(row.minor, row.currency);
    salesByMonth.set(row.month, (salesByMonth.get(row.month) ?? 0n) + converted);
  }
  const months = countbackMonths(to).map((entry) => ({
    salesMinor: salesByMonth.get(entry.month) ?? 0n,
    days: entry.days,
  }));
  const aging = Object.fromEntries(
    AGING_BUCKETS.map((bucket) => [bucket, total((row) => row.aging[bucket]).toString()]),
  );
  const forecast = forecastCollections(
    forecastInput.open.map((row) => ({
      companyId: row.companyId,
      dueOn: row.dueOn,
      balanceMinor: inBase(row.balanceMinor, row.currency),
    })),
    forecastInput.avgDaysLate,
    to,
  );
  return {
    scope: query.companyId ? { companyId: query.companyId } : { portfolio: true as const },
    period: { from, to, days },
    currency: base,
    policyVersion: version,
    fxRatesUsed: rates,
    /** Open receivables left out of every figure for want of an exchange rate, per currency. */
    leftOut: Object.fromEntries(
      Object.entries(leftOut).map(([currency, minor]) => [currency, minor.toString()]),
    ),
    creditSalesMinor: sales.toString(),
    beginningReceivablesMinor: total((row) => row.beginningMinor).toString(),
    endingReceivablesMinor: ending.toString(),
    endingCurrentReceivablesMinor: endingCurrent.toString(),
    dso: { standard: dso, countback: countbackDso(ending, months), bestPossible: bpdso },
    averageDaysDelinquent: averageDaysDelinquent(dso, bpdso),
    collectionEffectivenessIndex: collectionEffectivenessIndex({
      beginningReceivablesMinor: total((row) => row.beginningMinor),
      creditSalesMinor: sales,
      endingTotalReceivablesMinor: ending,
      endingCurrentReceivablesMinor: endingCurrent,
    }),
    badDebtRatio: badDebtRatio(
      total((row) => row.writtenOffMinor),
      sales,
    ),
    aging,
    forecast: {
      weeks: forecast.weeks.map((week) => ({ ...week, expectedMinor: week.expectedMinor.toString() })),
      laterMinor: forecast.laterMinor.toString(),
    },
  };
}
