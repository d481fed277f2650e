// "Escalate" on a digest line: the credit team takes it now, and a HubSpot task carries the draft.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { escalateInvoice } from '../../services/collections/escalate.ts';
import { invoiceLabel } from '../../services/collections/load.ts';
import { registerVerbButton } from './verb-button.ts';

export function registerEscalate(app: App, deps: AppDeps): void {
  registerVerbButton(app, deps, ACTIONS.escalate, async (ctx, value) => {
    if (!value.invoiceId) throw new ValidationError('Escalate works on one invoice.');
    const { invoice, company } = await escalateInvoice({ ctx, input: { invoiceId: value.invoiceId } });
    return `Escalated invoice ${invoiceLabel(invoice)} (${company.name}) to the credit team; a reminder draft is on its way to your HubSpot tasks.`;
  });
}
