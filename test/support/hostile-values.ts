// Values for hostile HubSpot records: text as HubSpot sends it (null, empty, blank), exact decimals and
// calendar dates with what they must be stored as, and the ways to break a record (see hostile-hubspot.ts).

import fc from 'fast-check';

export const cleanText = fc.string({ maxLength: 12 }).filter((value) => !/[\0\uD800-\uDFFF]/.test(value));
/** Text as HubSpot sends it: null, empty, blank, or a string (stored trimmed, blank as null). */
export const text = fc.oneof(fc.constant(null), fc.constant(''), fc.constant('  '), cleanText);
export const trimmed = (value: string | null) =>
  value === null || value.trim() === '' ? null : value.trim();

export const wrongType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant({ value: 'x' }),
  fc.constant([1, 2]),
  fc.constant(1e308),
);

export interface Amount {
  text: string;
  minor: bigint;
}

/** A decimal with at most `digits` decimals, up to 10^13 whole units, sometimes with stray whitespace. */
export function decimal(digits: number): fc.Arbitrary<Amount> {
  return fc
    .record({
      whole: fc.bigInt(0n, 10n ** 13n),
      fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: digits }),
      pad: fc.constantFrom('', ' '),
    })
    .map(({ whole, fraction, pad }) => ({
      text: `${pad}${whole}${fraction ? `.${fraction}` : ''}${pad}`,
      minor: whole * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'),
    }));
}

export const calendarDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      { text: date.toISOString().slice(0, 10), day: date.toISOString().slice(0, 10) },
      { text: String(date.getTime()), day: date.toISOString().slice(0, 10) },
      { text: date.toISOString(), day: date.toISOString().slice(0, 10) },
    ),
  );

/** One way to break a record, given the text properties it reads. */
export function defect(
  readText: readonly string[],
  extra: fc.Arbitrary<Breaker>[] = [],
): fc.Arbitrary<Breaker> {
  const property = fc.constantFrom(...readText);
  return fc.oneof(
    fc.record({ property, value: wrongType }).map(({ property, value }) => setProperty(property, value)),
    property.map((name) => setProperty(name, 'bad\u0000text')),
    property.map((name) => setProperty(name, 'half \uD800 pair')),
    fc.constantFrom('soon', '2026-02-30T10:00:00Z', '0999-01-01T00:00:00Z', '99999999999999999').map(
      (value): Breaker =>
        (raw) => ({ ...raw, updatedAt: value }),
    ),
    fc.constantFrom(null, 'none', [1]).map(
      (value): Breaker =>
        (raw) => ({ ...raw, properties: value }),
    ),
    ...extra,
  );
}

export type Breaker = (raw: Record<string, unknown>) => Record<string, unknown>;

export const setProperty =
  (name: string, value: unknown): Breaker =>
  (raw) => ({ ...raw, properties: { ...(raw.properties as object), [name]: value } });

export const badAssociations = (key: string) =>
  fc.constantFrom<unknown>('x', [{}], [{ id: null }], [{ id: 'abc' }], { id: 1 }).map(
    (results): Breaker =>
      (raw) => ({ ...raw, associations: { [key]: { results } } }),
  );

/** Whether a record is broken, and how: most are valid, a good share are not. */
export const brokenOr = <T>(breaker: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: breaker });

/** Mostly a proper id; sometimes none (the record can only be counted) or one that is no HubSpot id. */
export const ID_FAULTS = fc.oneof(
  { weight: 8, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constant('missing' as const) },
  { weight: 1, arbitrary: fc.constant('garbage' as const) },
);

export const badAmount = fc.constantFrom('1,000', '1e3', 'abc', '12.3.4', '--1', '9'.repeat(25), '٣', 'NaN');
export const badCurrency = fc.constantFrom('ABC', 'XYZ', 'EURO', '12', 'eu');
export const badDate = fc.constantFrom(
  '2026-02-30',
  '0000-01-01',
  '3100-01-01',
  'tomorrow',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
);
