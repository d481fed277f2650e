// The snooze modal was submitted.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { VIEWS } from '../../integrations/slack/blocks/ids.ts';
import { invoiceLabel } from '../../services/collections/load.ts';
import { snoozeInvoice } from '../../services/collections/snooze.ts';
import { registerSubmission } from './submission.ts';

export function registerSnoozeSubmitted(app: App, deps: AppDeps): void {
  registerSubmission(app, deps, VIEWS.snooze, {
    fields: { until: 'until', reason: 'reason' },
    async run(ctx, target, form) {
      const { snooze, invoice } = await snoozeInvoice({
        ctx,
        input: { invoiceId: target.invoiceId, until: form('until') ?? '', reason: form('reason') ?? '' },
      });
      return `Snoozed invoice ${invoiceLabel(invoice)} until ${snooze.until}.`;
    },
  });
}
