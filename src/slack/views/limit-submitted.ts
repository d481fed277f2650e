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
      const { request, company } = await requestLimitIncrease({
        ctx,
        input: { companyId: target.companyId, amount: form('amount') ?? '', reason: form('reason') ?? '' },
      });
      const amount =
        request.amountMinor !== null && request.currency
          ? formatMoney({ minor: request.amountMinor, currency: request.currency.trim() })
          : '';
      return `Requested a limit of ${amount} for ${company.name}; it waits for the credit team's approval.`;
    },
  });
}
