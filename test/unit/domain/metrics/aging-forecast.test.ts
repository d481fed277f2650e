import { describe, expect, it } from 'vitest';
import { ageReceivables, agingBucket } from '../../../../src/domain/metrics/aging.ts';
import { forecastCollections } from '../../../../src/domain/metrics/forecast.ts';

const asOf = '2026-11-26';

describe('aging by due date', () => {
  it('puts each day count in its bucket (due today is current; 30 is 1–30; 31 is 31–60…)', () => {
    const cases: [string, string][] = [
      ['2026-12-01', 'current'],
      ['2026-11-26', 'current'],
      ['2026-11-25', 'd1_30'],
      ['2026-10-27', 'd1_30'],
      ['2026-10-26', 'd31_60'],
      ['2026-09-27', 'd31_60'],
      ['2026-09-26', 'd61_90'],
      ['2026-08-28', 'd61_90'],
      ['2026-08-27', 'd90_plus'],
    ];
    for (const [due, bucket] of cases) expect(agingBucket(due, asOf), due).toBe(bucket);
  });

  it('sums balances per bucket', () => {
    expect(
      ageReceivables(
        [
          { dueOn: '2026-12-10', balanceMinor: 100n },
          { dueOn: '2026-11-20', balanceMinor: 200n },
          { dueOn: '2026-11-01', balanceMinor: 300n },
          { dueOn: '2026-07-01', balanceMinor: 400n },
        ],
        asOf,
      ),
    ).toEqual({ current: 100n, d1_30: 500n, d31_60: 0n, d61_90: 0n, d90_plus: 400n });
  });
});

describe('12-week collection forecast', () => {
  it('expects each invoice at due date + its customer’s average days late', () => {
    const forecast = forecastCollections(
      [
        { companyId: 'prompt', dueOn: '2026-12-01', balanceMinor: 1_000n }, // +0 → day 5, week 1
        { companyId: 'late', dueOn: '2026-12-01', balanceMinor: 2_000n }, // +14.4 → 12-15, day 19 → week 3
        { companyId: 'late', dueOn: '2026-11-01', balanceMinor: 500n }, // 11-15: before today → week 1
        { companyId: 'prompt', dueOn: '2027-06-01', balanceMinor: 700n }, // beyond 12 weeks
      ],
      new Map([['late', 14.4]]),
      asOf,
    );
    expect(forecast.weeks).toHaveLength(12);
    expect(forecast.weeks[0]).toEqual({
      week: 1,
      from: '2026-11-26',
      to: '2026-12-02',
      expectedMinor: 1_500n,
    });
    expect(forecast.weeks[2]).toEqual({
      week: 3,
      from: '2026-12-10',
      to: '2026-12-16',
      expectedMinor: 2_000n,
    });
    expect(forecast.weeks.reduce((sum, week) => sum + week.expectedMinor, 0n)).toBe(3_500n);
    expect(forecast.laterMinor).toBe(700n);
  });
});
