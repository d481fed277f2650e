import { describe, expect, it } from 'vitest';
import { describeFlag, describeFlagDigest } from '../../../../src/domain/credit/flag-text.ts';

describe('flag announcements', () => {
  it('reads the facts that raised the flag, with money formatted in its currency', () => {
    expect(
      describeFlag('Acme', {
        code: 'OVERDUE',
        facts: { overdueMinor: '123456', currency: 'EUR', maxDaysOverdue: 12 },
      }),
    ).toBe(':warning: Acme — OVERDUE: €1,234.56 overdue, oldest 12 days');
    expect(
      describeFlag('Acme', { code: 'CONCENTRATION', facts: { shareBps: 2_345, concentrationBps: 2_000 } }),
    ).toBe(':warning: Acme — CONCENTRATION: 23.45% of all receivables');
  });
});

describe('flag digests', () => {
  it('counts each code and names the first companies alphabetically, saying how many more there are', () => {
    const raised = Array.from({ length: 12 }, (_, index) => ({
      companyName: `Company ${String(index + 1).padStart(2, '0')}`,
      code: index % 3 === 0 ? ('SEVERELY_OVERDUE' as const) : ('OVER_LIMIT' as const),
    }));
    expect(describeFlagDigest(raised)).toBe(
      ':warning: 12 risk flags raised: 8 OVER_LIMIT, 4 SEVERELY_OVERDUE. Companies: Company 01, Company 02, ' +
        'Company 03, Company 04, Company 05, Company 06, Company 07, Company 08, Company 09, Company 10 and 2 more.',
    );
  });

  it('names a company once even when it raised several flags', () => {
    expect(
      describeFlagDigest([
        { companyName: 'Acme', code: 'OVER_LIMIT' },
        { companyName: 'Acme', code: 'SEVERELY_OVERDUE' },
      ]),
    ).toBe(':warning: 2 risk flags raised: 1 OVER_LIMIT, 1 SEVERELY_OVERDUE. Companies: Acme.');
  });
});
