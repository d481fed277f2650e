import { describe, expect, it } from 'vitest';
import {
  autoApprovableIncrease,
  type ExistingCustomerRequest,
  judgeExistingCustomer,
  judgeNewCustomer,
} from '../../../../src/domain/credit/limit-rules.ts';
import { defaultPolicy } from '../../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../../src/domain/policy/schema.ts';

// Default rules: increases up to 5,000.00 and 20% of the current limit at low or medium risk; decreases
// that still cover the exposure.
const policy = policySchema.parse(defaultPolicy);

const request = (changes: Partial<ExistingCustomerRequest> = {}): ExistingCustomerRequest => ({
  currentBaseMinor: 2_000_000n,
  requestedBaseMinor: 2_400_000n,
  exposureBaseMinor: 300_000n,
  currentTermsDays: 30,
  requestedTermsDays: 30,
  riskLevel: 'low',
  strategy: 'accept',
  blocked: false,
  ...changes,
});

describe('limit change rules for existing customers', () => {
  it('auto-approves an increase up to the smaller of the cap and the share, and not a unit more', () => {
    expect(autoApprovableIncrease(2_000_000n, policy)).toBe(400_000n); // 20% of 20,000.00
    expect(autoApprovableIncrease(30_000_000n, policy)).toBe(500_000n); // the 5,000.00 cap
    expect(judgeExistingCustomer(request(), policy)).toMatchObject({
      autoApprove: true,
      rule: 'limit_changes.increase_within_auto_approval',
    });
    const over = judgeExistingCustomer(request({ requestedBaseMinor: 2_400_001n }), policy);
    expect(over).toMatchObject({ autoApprove: false, rule: 'limit_changes.increase_needs_approval' });
    expect(over.why).toBe(
      'an increase of $4,000.01 is above the $4,000.00 auto-approved ($5,000.00, at most 20% of the current limit)',
    );
  });

  it('never auto-approves an increase from nothing by share', () => {
    expect(autoApprovableIncrease(0n, policy)).toBe(0n);
    const fromZero = request({ currentBaseMinor: 0n, requestedBaseMinor: 1n, exposureBaseMinor: 0n });
    expect(judgeExistingCustomer(fromZero, policy).autoApprove).toBe(false);
  });

  it('sends high risk, exit strategies, blocked accounts and longer terms to approval', () => {
    const cases: [Partial<ExistingCustomerRequest>, string][] = [
      [{ riskLevel: 'high', strategy: 'monitor' }, 'limit_changes.increase_needs_approval'],
      [{ riskLevel: 'critical', strategy: 'exit' }, 'limit_changes.exit_strategy_needs_approval'],
      [{ blocked: true }, 'limit_changes.blocked_needs_approval'],
      [{ requestedTermsDays: 45 }, 'limit_changes.longer_terms_need_approval'],
    ];
    for (const [changes, rule] of cases) {
      expect(judgeExistingCustomer(request(changes), policy)).toMatchObject({ autoApprove: false, rule });
    }
  });

  it('auto-approves a decrease only while it covers the exposure, and only if the policy allows', () => {
    const covering = request({ requestedBaseMinor: 300_000n, riskLevel: 'critical', strategy: 'exit' });
    expect(judgeExistingCustomer(covering, policy)).toMatchObject({
      autoApprove: true,
      rule: 'limit_changes.decrease_auto_approved',
    });
    const below = judgeExistingCustomer(request({ requestedBaseMinor: 299_999n }), policy);
    expect(below).toMatchObject({ autoApprove: false, rule: 'limit_changes.decrease_needs_approval' });
    expect(below.why).toBe('$2,999.99 is below the current exposure of $3,000.00');
    const strict = { ...policy, limitChanges: { ...policy.limitChanges, autoApproveDecreases: false } };
    expect(judgeExistingCustomer(request({ requestedBaseMinor: 1_000_000n }), strict).autoApprove).toBe(
      false,
    );
  });
});

describe('acceptance rule for new customers', () => {
  it('auto-approves within the amount and risk levels, never under an exit strategy', () => {
    const fine = {
      requestedBaseMinor: 2_500_000n,
      riskLevel: 'medium' as const,
      strategy: 'accept' as const,
    };
    expect(judgeNewCustomer(fine, policy)).toMatchObject({
      autoApprove: true,
      rule: 'acceptance.auto_approve',
    });
    expect(judgeNewCustomer({ ...fine, requestedBaseMinor: 2_500_001n }, policy).autoApprove).toBe(false);
    expect(judgeNewCustomer({ ...fine, riskLevel: 'high', strategy: 'monitor' }, policy).autoApprove).toBe(
      false,
    );
    expect(judgeNewCustomer({ ...fine, strategy: 'exit' }, policy).autoApprove).toBe(false);
  });
});
