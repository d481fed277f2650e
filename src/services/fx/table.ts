// Builds the exchange-rate table the credit engine converts with, as of a day: the newest stored rate
// of each currency on or before that day (from HubSpot, or the demo portfolio), overridden by any rate
// set in the credit policy. One place, so every figure in every currency goes through the same rates.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import type { FxQuote, FxSource, FxTable } from '../../domain/credit/fx.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import { isoDate } from '../../lib/dates.ts';

/** A decimal as the database renders numeric (trailing zeros of the scale), made short. */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

export async function storedRates(
  db: Queryable,
  base: string,
  asOf: string,
): Promise<Record<string, FxQuote>> {
  const rows = await queryRows<{ currency: string; rate: string; valid_from: string | Date; source: string }>(
    db,
    sql`select distinct on (currency) currency, rate::text as rate, valid_from, source
        from fx_rates
        where base_currency = ${base} and valid_from <= ${asOf}::date
        order by currency, valid_from desc`,
  );
  const rates: Record<string, FxQuote> = {};
  for (const row of rows) {
    const on = row.valid_from instanceof Date ? isoDate(row.valid_from) : String(row.valid_from).slice(0, 10);
    rates[row.currency.trim()] = { rate: trimDecimal(row.rate), on, source: row.source as FxSource };
  }
  return rates;
}

/** The table for `asOf`: stored rates, then the policy's own rates over them (dated by its version). */
export async function fxTableAsOf(
  db: Queryable,
  policy: CreditPolicy,
  policySince: Date,
  asOf: string,
): Promise<FxTable> {
  const rates = await storedRates(db, policy.baseCurrency, asOf);
  const on = isoDate(policySince);
  for (const [currency, rate] of Object.entries(policy.fxRates)) {
    if (currency !== policy.baseCurrency) rates[currency] = { rate, on, source: 'policy' };
  }
  delete rates[policy.baseCurrency];
  return { base: policy.baseCurrency, rates };
}

/** Every currency the stored facts use that the table cannot convert, sorted. */
export async function currenciesWithoutRate(db: Queryable, fx: FxTable): Promise<string[]> {
  const rows = await queryRows<{ currency: string }>(
    db,
    sql`select currency from (
          select distinct currency from invoices where status = 'open'
          union select distinct currency from deals where currency is not null
        ) c`,
  );
  return rows
    .map((row) => row.currency.trim())
    .filter((currency) => currency !== fx.base && fx.rates[currency] === undefined)
    .sort();
}

/** One line for logs and summaries: which currencies lack a rate and how to set one. */
export function missingRatesLine(currencies: readonly string[], base: string): string | null {
  if (currencies.length === 0) return null;
  return (
    `No exchange rate to ${base} for ${currencies.join(', ')}: amounts in ${currencies.length === 1 ? 'it are' : 'them are'} ` +
    'left out of exposure and scores (flag FX_RATE_MISSING). Add the currency in HubSpot (Settings › ' +
    'Account defaults › Currencies) or set fxRates in the credit policy (PUT /api/v1/policy).'
  );
}
