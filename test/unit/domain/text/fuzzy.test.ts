import { describe, expect, it } from 'vitest';
import {
  clearWinner,
  levenshtein,
  nameSimilarity,
  normalizeDomain,
  normalizeName,
  rankByName,
} from '../../../../src/domain/text/fuzzy.ts';

describe('fuzzy company names', () => {
  it('normalizes case, accents, punctuation and legal suffixes', () => {
    expect(normalizeName('ACME, Inc.')).toBe('acme');
    expect(normalizeName('Société Générale S.A.')).toBe('societe generale');
    expect(normalizeName('Smith & Sons Ltd')).toBe('smith and sons');
    expect(normalizeDomain('https://www.Acme.com/about')).toBe('acme.com');
  });

  it('scores exact, domain, prefix, containment and typos in that order', () => {
    const acme = { name: 'Acme Corporation', domain: 'acme.com' };
    expect(nameSimilarity('acme', acme)).toBe(1);
    expect(nameSimilarity('acme.com', { name: 'Something Else', domain: 'acme.com' })).toBe(1);
    expect(nameSimilarity('acm', acme)).toBe(0.9);
    expect(nameSimilarity('globx', { name: 'Globex' })).toBeGreaterThan(0.6);
    expect(nameSimilarity('zzz', acme)).toBeLessThan(0.6);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });

  it('picks a clear winner or asks', () => {
    const candidates = [{ name: 'Acme Corporation' }, { name: 'Acme Logistics' }, { name: 'Umbrella' }];
    expect(clearWinner(rankByName('acme', candidates))).toEqual({ name: 'Acme Corporation' });
    expect(clearWinner(rankByName('acm', candidates))).toBeUndefined();
    expect(rankByName('acm', candidates).map((r) => r.item.name)).toEqual([
      'Acme Corporation',
      'Acme Logistics',
    ]);
    expect(clearWinner(rankByName('umbrela', candidates))).toEqual({ name: 'Umbrella' });
  });
});
