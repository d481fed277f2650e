// The portal's company currency and current exchange rates (multicurrency settings). HubSpot sends a
// rate as a JSON number; it becomes an exact decimal string here, from the number's shortest
// round-trip form, so no float arithmetic ever touches it.

import { z } from 'zod';
import type { ExchangeRate } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import { HubspotResponseError } from './errors.ts';
import type { HubspotHttp } from './http.ts';

const currencyCode = z.string().regex(/^[A-Z]{3}$/);

const CompanyCurrency = z.object({ id: currencyCode });

const Rate = z.object({
  id: z.union([z.string().min(1), z.number().int()]),
  fromCurrencyCode: currencyCode,
  toCurrencyCode: currencyCode,
  conversionRate: z.union([z.number(), z.string()]),
  effectiveAt: z.iso.datetime({ offset: true }).nullish(),
});

const CurrentRates = z.object({ results: z.array(z.unknown()) });

/**
 * A positive rate as a plain decimal string: "1.0845", "0.0000001" (never "1e-7"). Null for anything
 * that is not a finite number above zero.
 */
export function rateAsDecimal(value: number | string): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return /^\d+(\.\d+)?$/.test(trimmed) && /[1-9]/.test(trimmed) ? trimmed : null;
  }
  if (!Number.isFinite(value) || value <= 0) return null;
  const shortest = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '');
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

export async function companyCurrency(http: HubspotHttp): Promise<string> {
  const { body } = await http.request({ method: 'GET', path: hubspotPaths.companyCurrency() });
  const parsed = CompanyCurrency.safeParse(body);
  if (!parsed.success) throw new HubspotResponseError('HubSpot company currency has no ISO currency code');
  return parsed.data.id;
}

export async function currentExchangeRates(http: HubspotHttp): Promise<ExchangeRate[]> {
  const { body } = await http.request({ method: 'GET', path: hubspotPaths.currentExchangeRates() });
  const listing = CurrentRates.safeParse(body);
  if (!listing.success) throw new HubspotResponseError('HubSpot exchange rates answer has no results');
  return listing.data.results.map((entry, index) => {
    const parsed = Rate.safeParse(entry);
    const rate = parsed.success ? rateAsDecimal(parsed.data.conversionRate) : null;
    // A rate that cannot be read exactly fails the whole answer: a money rule never guesses a rate.
    if (!parsed.success || rate === null) {
      throw new HubspotResponseError(`HubSpot exchange rate ${index} is not a positive exact rate`, {
        entry,
      });
    }
    const { id, fromCurrencyCode, toCurrencyCode, effectiveAt } = parsed.data;
    return {
      id: String(id),
      fromCurrency: fromCurrencyCode,
      toCurrency: toCurrencyCode,
      rate,
      effectiveAt: effectiveAt ? new Date(effectiveAt) : null,
    };
  });
}
