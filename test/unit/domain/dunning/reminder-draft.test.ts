import { describe, expect, it } from 'vitest';
import { reminderDraft } from '../../../../src/domain/dunning/reminder-draft.ts';

describe('reminderDraft', () => {
  const invoices = [
    { number: 'INV-7', balanceMinor: 1_234_550n, currency: 'EUR', dueOn: '2026-10-01', daysLate: 56 },
  ];

  it('lists invoices with amounts, days late and the terms, and offers the discount', () => {
    const text = reminderDraft({
      customer: 'Globex',
      termsDays: 45,
      invoices,
      earlyPaymentDiscount: { bps: 250, withinDays: 7 },
    });
    expect(text).toContain('Hello Globex team,');
    expect(text).toContain('invoice is past due under our 45-day payment terms');
    expect(text).toContain('• Invoice INV-7: €12,345.50, due 2026-10-01 (56 days late)');
    expect(text).toContain('within 7 days, we can apply a 2.50% early-payment discount');
  });

  it('leaves the discount out when the policy has none', () => {
    const text = reminderDraft({ customer: 'Globex', termsDays: 30, invoices, earlyPaymentDiscount: null });
    expect(text).not.toContain('discount');
  });
});
