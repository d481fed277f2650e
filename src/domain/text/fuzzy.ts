// Fuzzy company-name matching for the bot: "acme" finds "ACME Corp.", "globex inc" finds "Globex",
// and a typo ("initech" → "Initec") still scores. Pure, so it is unit-tested with plain vectors.

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'bv',
  'nv',
  'oy',
  'ab',
  'srl',
  'spa',
  'pty',
  'kg',
  'the',
]);

export function normalizeName(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      // "S.A." and "L.L.C." are suffixes once their dots go.
      .replace(/\./g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((token) => token && !LEGAL_SUFFIXES.has(token))
      .join(' ')
  );
}

export function normalizeDomain(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

/** 1 for the same name, down to 0; containment and word prefixes score high, typos by edit distance. */
export function nameSimilarity(query: string, candidate: { name: string; domain?: string | null }): number {
  const q = normalizeName(query);
  const name = normalizeName(candidate.name);
  if (!q || !name) return 0;
  const domain = candidate.domain ? normalizeDomain(candidate.domain) : '';
  if (q === name || (domain && normalizeDomain(query) === domain)) return 1;
  if (domain && domain.split('.')[0] === q.replace(/ /g, '')) return 0.95;
  if (name.startsWith(q) || name.split(' ').some((word) => word.startsWith(q))) return 0.9;
  if (name.includes(q)) return 0.85;
  const distance = levenshtein(q, name);
  const ratio = 1 - distance / Math.max(q.length, name.length);
  const firstWord = name.split(' ')[0] ?? name;
  const wordRatio = 1 - levenshtein(q, firstWord) / Math.max(q.length, firstWord.length);
  return Math.max(ratio, wordRatio * 0.9);
}

export interface Ranked<T> {
  item: T;
  score: number;
}

export const MATCH_THRESHOLD = 0.6;

export function rankByName<T extends { name: string; domain?: string | null }>(
  query: string,
  candidates: readonly T[],
): Ranked<T>[] {
  return candidates
    .map((item) => ({ item, score: nameSimilarity(query, item) }))
    .filter((ranked) => ranked.score >= MATCH_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));
}

/** One clear winner (an exact match, or far ahead of the rest), or undefined when a pick list is due. */
export function clearWinner<T>(ranked: readonly Ranked<T>[]): T | undefined {
  const [first, second] = ranked;
  if (!first) return undefined;
  if (!second) return first.item;
  if (first.score === 1 && second.score < 1) return first.item;
  return first.score - second.score >= 0.25 ? first.item : undefined;
}
