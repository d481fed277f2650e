import { describe, expect, it } from 'vitest';
import { bucketOf, bucketPages } from '../../../src/services/credit/profile-locks.ts';

const id = (prefix: string, n: number) =>
  `${prefix}${String(n).padStart(6, '0')}-0000-4000-8000-000000000000`;

describe('rescore pages by uuid bucket', () => {
  it('reads the bucket from the first byte of the uuid', () => {
    expect(bucketOf('00ab0000-0000-4000-8000-000000000000')).toBe(0);
    expect(bucketOf('7f000000-0000-4000-8000-000000000000')).toBe(127);
    expect(bucketOf('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(255);
  });

  it('ends a page only where a bucket ends, and covers all 256 buckets without overlap', () => {
    const ids = [id('01', 1), id('01', 2), id('01', 3), id('05', 1), id('a0', 1), id('a0', 2), id('fe', 1)];
    expect(bucketPages(ids, 2)).toEqual([
      // Three ids: the third shares the second's bucket.
      { ids: ids.slice(0, 3), first: 0, last: 4 },
      { ids: ids.slice(3, 6), first: 5, last: 253 },
      { ids: ids.slice(6), first: 254, last: 255 },
    ]);
  });

  it('makes one page of everything when the page is larger than the portfolio, and none of nothing', () => {
    const ids = [id('10', 1), id('20', 1)];
    expect(bucketPages(ids, 5_000)).toEqual([{ ids, first: 0, last: 255 }]);
    expect(bucketPages([], 5_000)).toEqual([]);
  });
});
