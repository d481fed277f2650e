// "Mark disputed" on a digest line: opens a dispute grievance and its thread in the credit channel.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ACTIONS } from '../../integrations/slack/blocks/ids.ts';
import { markDisputed } from '../../services/collections/grievances.ts';
import { registerVerbButton } from './verb-button.ts';

export function registerMarkDisputed(app: App, deps: AppDeps): void {
  registerVerbButton(app, deps, ACTIONS.markDisputed, async (ctx, value) => {
    if (!value.invoiceId) throw new ValidationError('Mark disputed works on one invoice.');
    const { grievance, company } = await markDisputed({ ctx, input: { invoiceId: value.invoiceId } });
    return `Marked disputed: ${grievance.title} (${company.name}). Alerts pause while the dispute is open; a thread is starting in the credit channel.`;
  });
}
