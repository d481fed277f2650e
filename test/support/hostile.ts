// Hostile inputs for property tests of the edges: text with NUL and unpaired surrogates, numbers
// beyond 64 bits, values of the wrong type, deep nesting, empty and broken bodies. Shared by the
// admin API, Slack and HubSpot property tests.

import fc from 'fast-check';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Strings a careless edge passes on: NUL, lone surrogates, control characters, long and empty ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\udc00\ud800',
    '%00',
    '\\u0000',
    '../..',
  ),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('\u0000', '\u0001', '\n', '\u202e'),
      loneSurrogate,
      fc.string({ minLength: 1, maxLength: 1 }),
    ),
  }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 201, max: 5_000 }).map((length) => 'x'.repeat(length)),
);

/** Integers at and past the edges of 53, 63 and 64 bits, and number-like text that is not an integer. */
export const hugeNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.bigInt({ min: 2n ** 63n - 2n, max: 2n ** 80n }).map(String),
  fc.constantFrom(
    '18446744073709551616',
    '9223372036854775808',
    '9223372036854775807',
    '-9223372036854775809',
    '9007199254740993',
    '99999999999999999999999999999999',
    '1e309',
    '-0',
    '0x10',
    ' 1',
    'NaN',
    'Infinity',
    '2147483648',
  ),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
);

/** Numbers JSON can carry that integer columns cannot. */
export const hugeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(2 ** 63, 2 ** 64, -(2 ** 63) - 4096, Number.MAX_VALUE, 1e21, 0.5, -1, 2 ** 31),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hugeNumberText,
  hugeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
);

/** Any JSON value, hostile at the leaves and in the keys, a few levels deep. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.string()), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON document nested `depth` levels, as text (parsers and walkers that recurse choke on these). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 30, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Raw bodies that are not the JSON asked for. */
export const brokenBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '[',
    'null',
    'true',
    '"text"',
    '{"a":1,}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
  ),
  hugeNumberText,
  deepJsonText,
  fc.string(),
);

/** Replaces the value at one path of a template (a valid request) with a hostile one. */
export function mutateAt(template: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(template)) {
    const copy = [...template];
    copy[Number(head)] = mutateAt(copy[Number(head)], rest, value);
    return copy;
  }
  const object = typeof template === 'object' && template !== null ? { ...template } : {};
  const key = String(head);
  (object as Record<string, unknown>)[key] = mutateAt((object as Record<string, unknown>)[key], rest, value);
  return object;
}

/** Every path to a leaf of a JSON value, so a mutation can reach any field. */
export function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => leafPaths(entry, [...prefix, index]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [prefix];
    return [prefix, ...entries.flatMap(([key, entry]) => leafPaths(entry, [...prefix, key]))];
  }
  return [prefix];
}

/** A valid template with one field (or the whole of it) replaced by something hostile. */
export function hostileVariant(template: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(template);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), hostileJson).map(([path, value]) => mutateAt(template, path, value)),
    fc
      .tuple(fc.constantFrom(...paths), fc.oneof(hostileString, hugeNumberText, hugeNumber))
      .map(([path, value]) => mutateAt(template, path, value)),
    hostileJson,
  );
}

/** Percent-encodes text as a careless client would: lone surrogates as their WTF-8 bytes, NUL as %00. */
export function looseEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[index] ?? '');
    }
  }
  return out;
}

/** A query-string or path value: loosely encoded hostile text, or raw broken escapes. */
export const hostileUrlPart: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(hostileString, hugeNumberText).map(looseEncode),
  fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', '%FF%FE', '%C0%80', '..%2F..', '%2e%2e'),
);
