import { describe, expect, it } from 'vitest';
import { type InvoiceFact, summariseInvoices } from '../../../../src/domain/credit/invoice-facts.ts';

const asOf = '2026-11-26';
const invoice = (values: Partial<InvoiceFact> & Pick<InvoiceFact, 'dueOn'>): InvoiceFact => ({
  currency: 'USD',
  amountMinor: 100_000n,
  balanceMinor: 0n,
  issuedOn: '2026-01-01',
  paidOn: null,
  status: 'paid',
  ...values,
});

describe('invoice facts', () => {
  it('sums balances, overdue, amount-weighted lateness and the two quarters by hand', () => {
    const [facts] = summariseInvoices(
      [
        // Paid 10 days late, due 30 days ago: this quarter, weight 100,000.
        invoice({ dueOn: '2026-10-27', paidOn: '2026-11-06' }),
        // Open, 20 days overdue, amount 300,000 (balance 200,000): this quarter.
        invoice({ dueOn: '2026-11-06', amountMinor: 300_000n, balanceMinor: 200_000n, status: 'open' }),
        // Paid early, due 120 days ago: last quarter, 0 days late.
        invoice({ dueOn: '2026-07-29', paidOn: '2026-07-20' }),
        // Open, not yet due.
        invoice({ dueOn: '2026-12-10', balanceMinor: 100_000n, status: 'open', issuedOn: '2025-12-01' }),
        // Void invoices count for nothing.
        invoice({ dueOn: '2026-11-01', status: 'void', balanceMinor: 999n }),
      ],
      asOf,
    );
    expect(facts).toEqual({
      currency: 'USD',
      openMinor: 300_000n,
      overdueMinor: 200_000n,
      behaviourAmountMinor: 500_000n,
      behaviourAmountDays: 100_000n * 10n + 300_000n * 20n,
      thisQuarterDays: 30,
      thisQuarterCount: 2,
      lastQuarterDays: 0,
      lastQuarterCount: 1,
      maxDaysOverdue: 20,
      firstIssuedOn: '2025-12-01',
    });
  });
});
