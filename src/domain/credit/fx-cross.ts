// HubSpot quotes each additional currency against the portal's company currency. When the credit
// policy's base currency is another one, a rate to the base is the cross rate through the company
// currency: rate(X→base) = rate(X→company) / rate(base→company). Exact decimals in, an exact decimal
// out, rounded half-even to a fixed number of places.

import { divideHalfEven } from '../money.ts';

const PLACES = 10;

function scaled(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole + fraction.padEnd(PLACES, '0').slice(0, PLACES));
}

function render(value: bigint): string {
  const text = value.toString().padStart(PLACES + 1, '0');
  const whole = text.slice(0, -PLACES);
  const fraction = text.slice(-PLACES).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** `numerator / denominator` of two positive decimal strings, to ten places. */
export function divideRates(numerator: string, denominator: string): string {
  const bottom = scaled(denominator);
  if (bottom <= 0n) throw new RangeError(`cannot divide by the rate ${denominator}`);
  return render(divideHalfEven(scaled(numerator) * 10n ** BigInt(PLACES), bottom));
}
