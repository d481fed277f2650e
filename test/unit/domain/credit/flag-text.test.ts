import { describe, expect, it } from 'vitest';
import { describeFlag } from '../../../../src/domain/credit/flag-text.ts';

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
