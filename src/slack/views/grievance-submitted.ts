// The grievance modal was submitted (from the /credit card or the message shortcut, which asks for the
// customer by name).

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { ValidationError } from '../../domain/errors.ts';
import { VIEWS } from '../../integrations/slack/blocks/ids.ts';
import { openGrievance } from '../../services/collections/grievances.ts';
import { findCompanies } from '../../services/collections/read/find-companies.ts';
import { registerSubmission } from './submission.ts';

export function registerGrievanceSubmitted(app: App, deps: AppDeps): void {
  registerSubmission(app, deps, VIEWS.grievance, {
    fields: { companyId: 'company', query: 'company', kind: 'kind', title: 'title' },
    async run(ctx, target, form) {
      let companyId = target.companyId;
      if (!companyId) {
        const found = await findCompanies({ ctx, input: { query: form('company') ?? '' } });
        if (found.kind !== 'one') {
          const detail =
            found.kind === 'none'
              ? 'No customer matches that.'
              : `Several match: ${found.matches.map((m) => m.name).join(', ')}.`;
          throw new ValidationError(detail, [{ path: 'companyId', message: detail }]);
        }
        companyId = found.company.id;
      }
      const { grievance, company } = await openGrievance({
        ctx,
        input: {
          companyId,
          kind: form('kind') ?? 'complaint',
          title: form('title') ?? '',
          invoiceId: target.invoiceId,
        },
      });
      return `Opened a ${grievance.kind} for ${company.name}: ${grievance.title}.`;
    },
  });
}
