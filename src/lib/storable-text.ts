// Text Postgres can store: text and jsonb refuse NUL, and jsonb refuses a lone UTF-16 surrogate.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function isStorableText(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}

/** The same text with each character Postgres refuses replaced by U+FFFD. */
export function toStorableText(value: string): string {
  return value.replaceAll('\0', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}
