// HubSpot sends exchange rates as JSON numbers; they become exact decimal strings, never floats.

import { describe, expect, it } from 'vitest';
import { rateAsDecimal } from '../../../src/integrations/hubspot/currencies.ts';

describe('rateAsDecimal', () => {
  it('keeps the digits HubSpot sent', () => {
    expect(rateAsDecimal(1.0845)).toBe('1.0845');
    expect(rateAsDecimal(0.921634)).toBe('0.921634');
    expect(rateAsDecimal(150)).toBe('150');
    expect(rateAsDecimal(123456.789012)).toBe('123456.789012');
    // 0.1 + 0.2 is not what HubSpot sends, but a float's shortest form is all there is to keep.
    expect(rateAsDecimal(0.30000000000000004)).toBe('0.30000000000000004');
  });

  it('writes out what JavaScript would put in exponent form', () => {
    expect(rateAsDecimal(1e-7)).toBe('0.0000001');
    expect(rateAsDecimal(6.1e-7)).toBe('0.00000061');
    expect(rateAsDecimal(1.5e21)).toBe('1500000000000000000000');
  });

  it('takes a decimal string as it is, and refuses zero, negatives and anything not finite', () => {
    expect(rateAsDecimal('1.0845')).toBe('1.0845');
    for (const bad of [0, -1.2, Number.NaN, Number.POSITIVE_INFINITY, '0.000', '-1', '1e-7', 'abc', '']) {
      expect(rateAsDecimal(bad), String(bad)).toBeNull();
    }
  });
});
