// The policy's overpayment rule in the form the allocation takes: refuse or keep the excess, and the
// tolerance (set in the base currency) in each payment's own currency.

import { convertMinor, type FxTable } from '../../domain/credit/fx.ts';
import type { OverpaymentRule } from '../../domain/credit/payment-allocation.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';

export function overpaymentRule(policy: CreditPolicy, fx: FxTable): OverpaymentRule {
  const { overpayment, overpaymentToleranceMinor } = policy.payments;
  return {
    overpayment,
    toleranceMinor(currency) {
      try {
        return convertMinor(overpaymentToleranceMinor, policy.baseCurrency, currency, fx);
      } catch (error) {
        // A currency the policy has no rate for gets no tolerance: the strict reading, not a refusal.
        if (error instanceof ValidationError) return 0n;
        throw error;
      }
    },
  };
}
