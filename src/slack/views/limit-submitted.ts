// The limit-increase modal was submitted.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { formatMoney } from '../../domain/money.ts';
import { VIEWS } from '../../integrations/slack/blocks/ids.ts';
import { requestLimitIncrease } from '../../services/collections/limit-increase.ts';
import { registerSubmission } from './submission.ts';

export function registerLimitSubmitted(app: App, deps: AppDeps): void {
  registerSubmission(app, deps, VIEWS.limitIncrease, {
    fields: { amount: 'amount', reason: 'reason' },
    async run(ctx, target, form) {
      const { result, amount, company } = await requestLimitIncrease({
        ctx,
        input: { companyId: target.companyId, amount: form('amount') ?? '', reason: form('reason') ?? '' },
      });
      const limit = formatMoney(amount);
      return result.outcome === 'applied'
        ? `${company.name}'s limit is now ${limit}: the credit policy approves ${result.why}.`
        : `Requested a limit of ${limit} for ${company.name}; it waits for the credit team's approval (${result.why}).`;
    },
  });
}
