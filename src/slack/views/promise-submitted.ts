// The promise-to-pay modal was submitted.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { formatMoney } from '../../domain/money.ts';
import { VIEWS } from '../../integrations/slack/blocks/ids.ts';
import { logPromiseToPay } from '../../services/collections/log-promise.ts';
import { registerSubmission } from './submission.ts';

export function registerPromiseSubmitted(app: App, deps: AppDeps): void {
  registerSubmission(app, deps, VIEWS.promise, {
    fields: { amount: 'amount', promisedOn: 'date', note: 'note' },
    async run(ctx, target, form) {
      const { promise, company } = await logPromiseToPay({
        ctx,
        input: {
          companyId: target.companyId,
          invoiceId: target.invoiceId,
          amount: form('amount') ?? '',
          promisedOn: form('date') ?? '',
          note: form('note'),
        },
      });
      return `Logged: ${company.name} promises ${formatMoney({ minor: promise.amountMinor, currency: promise.currency.trim() })} by ${promise.promisedOn}. Alerts pause until then.`;
    },
  });
}
