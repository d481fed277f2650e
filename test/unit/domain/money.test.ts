import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, ValidationError } from '../../../src/domain/errors.ts';
import {
  add,
  compare,
  convert,
  divideHalfEven,
  formatMoney,
  minorDigits,
  money,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
} from '../../../src/domain/money.ts';

describe('parseDecimal', () => {
  it.each([
    ['1234.56', 'USD', 123456n],
    ['1234.5', 'USD', 123450n],
    ['1234', 'USD', 123400n],
    ['0.07', 'USD', 7n],
    ['-12.30', 'USD', -1230n],
    ['+3', 'EUR', 300n],
    ['  42.00 ', 'USD', 4200n],
    ['1500', 'JPY', 1500n],
    ['1.234', 'BHD', 1234n],
    ['1.', 'USD', 100n],
    ['1.230000', 'USD', 123n],
  ])('parses %s %s exactly', (text, currency, expected) => {
    expect(parseDecimal(text, currency)).toEqual({ minor: expected, currency });
  });

  it('keeps amounts beyond 2^53 exact (HubSpot sends large totals as strings)', () => {
    expect(parseDecimal('12345678901234567.89', 'USD').minor).toBe(1234567890123456789n);
  });

  it('rejects amounts a 64-bit count of minor units cannot hold, either sign', () => {
    expect(parseDecimal('92233720368547758.07', 'USD').minor).toBe(2n ** 63n - 1n);
    expect(() => parseDecimal('92233720368547758.08', 'USD')).toThrow(/too large/);
    expect(() => parseDecimal('-99999999999999999999', 'USD')).toThrow(/too large/);
  });

  it.each(['', 'abc', '1,000.00', '1e3', '12.3.4', '--1', '.5', 'NaN'])('rejects %j', (text) => {
    expect(() => parseDecimal(text, 'USD')).toThrow(ValidationError);
  });

  it('rejects more decimal places than the currency has, unless told how to round', () => {
    expect(() => parseDecimal('10.005', 'USD')).toThrow(/more than 2 decimal places/);
    expect(() => parseDecimal('10.5', 'JPY')).toThrow(ValidationError);
  });

  it.each([
    ['10.005', 'half-even', 1000n],
    ['10.015', 'half-even', 1002n],
    ['10.025', 'half-even', 1002n],
    ['10.0251', 'half-even', 1003n],
    ['10.005', 'half-up', 1001n],
    ['10.004', 'half-up', 1000n],
    ['-10.015', 'half-even', -1002n],
    ['-10.005', 'half-up', -1001n],
  ] as const)('rounds %s %s', (text, rounding, expected) => {
    expect(parseDecimal(text, 'USD', rounding).minor).toBe(expected);
  });

  it('rejects an unknown currency code', () => {
    expect(() => parseDecimal('1', 'usd')).toThrow(ValidationError);
    expect(() => parseDecimal('1', 'XX1')).toThrow(ValidationError);
  });
});

describe('minor units', () => {
  it('knows each currency’s exponent', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('formats back to an exact decimal string', () => {
    expect(toDecimalString(money(5n, 'USD'))).toBe('0.05');
    expect(toDecimalString(money(-123456n, 'USD'))).toBe('-1234.56');
    expect(toDecimalString(money(1500n, 'JPY'))).toBe('1500');
    expect(formatMoney(money(123456n, 'USD'))).toBe('$1,234.56');
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, compares and sums in one currency', () => {
    expect(add(money(150n, 'USD'), money(250n, 'USD')).minor).toBe(400n);
    expect(subtract(money(150n, 'USD'), money(250n, 'USD')).minor).toBe(-100n);
    expect(compare(money(1n, 'EUR'), money(2n, 'EUR'))).toBe(-1);
    expect(sum([money(1n, 'EUR'), money(2n, 'EUR')], 'EUR')).toEqual(money(3n, 'EUR'));
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(1n, 'USD'), money(1n, 'EUR'))).toThrow(CurrencyMismatchError);
    expect(() => compare(money(1n, 'USD'), money(1n, 'GBP'))).toThrow(CurrencyMismatchError);
    expect(() => sum([money(1n, 'USD')], 'EUR')).toThrow(CurrencyMismatchError);
  });
});

describe('convert', () => {
  it('applies an exact decimal rate with half-even rounding', () => {
    // 100.00 EUR × 1.0825 = 108.25 USD
    expect(convert(money(10_000n, 'EUR'), { from: 'EUR', to: 'USD', rate: '1.0825' })).toEqual(
      money(10_825n, 'USD'),
    );
    // 0.01 EUR × 1.5 = 0.015 → 0.02 (half to even: 1.5 → 2)
    expect(convert(money(1n, 'EUR'), { from: 'EUR', to: 'USD', rate: '1.5' }).minor).toBe(2n);
    // 0.01 EUR × 2.5 = 0.025 → 0.02
    expect(convert(money(1n, 'EUR'), { from: 'EUR', to: 'USD', rate: '2.5' }).minor).toBe(2n);
  });

  it('handles currencies with different exponents', () => {
    // 1,000 JPY × 0.0067 = 6.70 USD
    expect(convert(money(1000n, 'JPY'), { from: 'JPY', to: 'USD', rate: '0.0067' })).toEqual(
      money(670n, 'USD'),
    );
    // 10.00 USD × 150.25 = 1502.5 JPY → 1502
    expect(convert(money(1000n, 'USD'), { from: 'USD', to: 'JPY', rate: '150.25' })).toEqual(
      money(1502n, 'JPY'),
    );
  });

  it('refuses a rate for another currency or a negative rate', () => {
    expect(() => convert(money(1n, 'GBP'), { from: 'EUR', to: 'USD', rate: '1.1' })).toThrow(
      CurrencyMismatchError,
    );
    expect(() => convert(money(1n, 'EUR'), { from: 'EUR', to: 'USD', rate: '-1.1' })).toThrow(
      ValidationError,
    );
  });

  it('divides half to even', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
    expect(divideHalfEven(10n, 3n)).toBe(3n);
  });
});
