import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  type OverpaymentRule,
  releaseExcess,
} from '../../../../src/domain/credit/payment-allocation.ts';

const invoice = { id: 'inv-1', label: 'INV-1', currency: 'EUR', balanceMinor: 10_000n };
const refuse: OverpaymentRule = { overpayment: 'refuse', toleranceMinor: () => 0n };
const keep: OverpaymentRule = { overpayment: 'unapplied_cash', toleranceMinor: () => 0n };
const pay = (index: number, amountMinor: bigint, invoiceId: string | null = 'inv-1') => ({
  index,
  invoiceId,
  currency: 'EUR',
  amountMinor,
});

describe('allocating payments to open balances', () => {
  it('applies payments in order and refuses the one that goes beyond the balance, saying by how much', () => {
    const result = allocatePayments([invoice], [], [pay(0, 6_000n), pay(1, 5_000n)], refuse);
    expect(result.payments).toEqual([{ index: 0, appliedMinor: 6_000n, unappliedMinor: 0n }]);
    expect(result.refused).toEqual([
      {
        index: 1,
        message: 'invoice INV-1 has an open balance of €40.00; a payment of €50.00 is €10.00 more',
      },
    ]);
    expect(result.balances.get('inv-1')).toBe(4_000n);
  });

  it('keeps the excess as unapplied cash where the policy or the tolerance says so', () => {
    const kept = allocatePayments([invoice], [], [pay(0, 12_500n)], keep);
    expect(kept.payments).toEqual([{ index: 0, appliedMinor: 10_000n, unappliedMinor: 2_500n }]);
    expect(kept.balances.get('inv-1')).toBe(0n);
    const tolerated = allocatePayments([invoice], [], [pay(0, 10_001n)], {
      ...refuse,
      toleranceMinor: () => 1n,
    });
    expect(tolerated.refused).toEqual([]);
    expect(tolerated.payments[0]?.unappliedMinor).toBe(1n);
  });

  it('undoes what a replaced payment applied before applying its new amount', () => {
    const paid = { ...invoice, balanceMinor: 0n };
    const replaced = [{ invoiceId: 'inv-1', amountMinor: 12_500n, unappliedMinor: 2_500n }];
    const result = allocatePayments([paid], replaced, [pay(0, 8_000n)], refuse);
    expect(result.payments).toEqual([{ index: 0, appliedMinor: 8_000n, unappliedMinor: 0n }]);
    expect(result.balances.get('inv-1')).toBe(2_000n);
  });

  it('counts a payment without an invoice as unapplied cash in full', () => {
    const result = allocatePayments([], [], [pay(3, 700n, null)], refuse);
    expect(result.payments).toEqual([{ index: 3, appliedMinor: 0n, unappliedMinor: 700n }]);
  });

  it('releases an excess from the latest payments first, each at most what it applies', () => {
    const payments = [
      { id: 'late', appliedMinor: 300n },
      { id: 'early', appliedMinor: 1_000n },
    ];
    expect(releaseExcess(payments, 500n)).toEqual([
      { id: 'late', releasedMinor: 300n },
      { id: 'early', releasedMinor: 200n },
    ]);
    expect(releaseExcess(payments, 0n)).toEqual([]);
  });
});
