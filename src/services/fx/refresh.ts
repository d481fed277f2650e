// Reads the HubSpot portal's company currency and its current exchange rates, and stores them as dated
// rates to the policy's base currency (source 'hubspot'). Runs before every sync and before the nightly
// rescore. A missing or odd rate is skipped and reported, never fatal: scoring tolerates missing rates.

import { sql } from 'drizzle-orm';
import { fxRates, portalCurrency } from '../../db/schema/index.ts';
import { divideRates } from '../../domain/credit/fx-cross.ts';
import { isoDate } from '../../lib/dates.ts';
import type { ServiceContext } from '../context.ts';
import { currentPolicy, followPortalBaseCurrency } from '../policy/current.ts';

/** One of the portal's rates: one unit of `fromCurrency` is `rate` units of `toCurrency`. */
export interface PortalExchangeRate {
  fromCurrency: string;
  toCurrency: string;
  /** An exact decimal string. */
  rate: string;
  effectiveAt: Date | null;
}

/** What the refresh needs from HubSpot (the Crm adapter provides it). */
export interface PortalCurrencySource {
  companyCurrency(): Promise<string>;
  currentExchangeRates(): Promise<PortalExchangeRate[]>;
}

export interface FxRefreshSummary {
  companyCurrency: string;
  baseCurrency: string;
  stored: string[];
  skipped: { currency: string; reason: string }[];
}

const DECIMAL = /^\d{1,10}(\.\d{1,12})?$/;

export async function refreshPortalRates(
  ctx: ServiceContext,
  source: PortalCurrencySource,
): Promise<FxRefreshSummary> {
  const [companyCurrency, rates] = await Promise.all([
    source.companyCurrency(),
    source.currentExchangeRates(),
  ]);
  await ctx.db
    .insert(portalCurrency)
    .values({ id: 1, companyCurrency, fetchedAt: ctx.now })
    .onConflictDoUpdate({ target: portalCurrency.id, set: { companyCurrency, fetchedAt: ctx.now } });
  await followPortalBaseCurrency(ctx, companyCurrency);
  const { policy } = await currentPolicy(ctx.db, ctx);
  const base = policy.baseCurrency;
  const skipped: FxRefreshSummary['skipped'] = [];
  // Rates into the company currency, by the currency they convert from.
  const toCompany = new Map<string, PortalExchangeRate>();
  for (const rate of rates) {
    if (rate.toCurrency !== companyCurrency || !DECIMAL.test(rate.rate) || Number(rate.rate) <= 0) {
      skipped.push({
        currency: rate.fromCurrency,
        reason: `unusable rate ${rate.rate} to ${rate.toCurrency}`,
      });
      continue;
    }
    const known = toCompany.get(rate.fromCurrency);
    if (!known || (rate.effectiveAt?.getTime() ?? 0) > (known.effectiveAt?.getTime() ?? 0))
      toCompany.set(rate.fromCurrency, rate);
  }
  // The base's own rate into the company currency, when the base is not the company currency.
  const baseInCompany = base === companyCurrency ? '1' : toCompany.get(base)?.rate;
  if (!baseInCompany) {
    skipped.push({
      currency: base,
      reason: `HubSpot has no rate for the base currency ${base} against ${companyCurrency}`,
    });
  }
  const rows: (typeof fxRates.$inferInsert)[] = [];
  const candidates = [...toCompany.values()].map((rate) => ({
    currency: rate.fromCurrency,
    toCompany: rate.rate,
    on: isoDate(rate.effectiveAt ?? ctx.now),
  }));
  if (base !== companyCurrency)
    candidates.push({ currency: companyCurrency, toCompany: '1', on: isoDate(ctx.now) });
  for (const candidate of candidates) {
    if (candidate.currency === base || !baseInCompany) continue;
    rows.push({
      currency: candidate.currency,
      baseCurrency: base,
      rate: divideRates(candidate.toCompany, baseInCompany),
      validFrom: candidate.on,
      source: 'hubspot',
      fetchedAt: ctx.now,
    });
  }
  if (rows.length > 0) {
    await ctx.db
      .insert(fxRates)
      .values(rows)
      .onConflictDoUpdate({
        target: [fxRates.currency, fxRates.baseCurrency, fxRates.validFrom],
        set: { rate: sql`excluded.rate`, source: sql`excluded.source`, fetchedAt: sql`excluded.fetched_at` },
      });
  }
  return {
    companyCurrency,
    baseCurrency: base,
    stored: rows.map((row) => row.currency).sort(),
    skipped,
  };
}

/**
 * The refresh as the sync and the nightly rescore run it: HubSpot down, a missing scope or an odd
 * answer is logged and reported in the summary, and the caller goes on with the rates it has.
 */
export async function refreshPortalRatesSafely(
  ctx: ServiceContext,
  source: PortalCurrencySource,
): Promise<FxRefreshSummary | { error: string }> {
  try {
    const summary = await refreshPortalRates(ctx, source);
    if (summary.skipped.length > 0)
      ctx.logger.warn({ skipped: summary.skipped }, 'some HubSpot exchange rates were skipped');
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.warn({ err: message }, 'HubSpot exchange rates could not be read; using the stored ones');
    return { error: message };
  }
}
