// Hourly: each account manager's digest goes out in the first run after their local digest time on a
// working day (outside quiet hours); paid invoices and due promises are settled every run.

import { runLatePaymentScan } from '../services/collections/scan/run.ts';
import { type JobDefinition, jobContext } from './types.ts';

export const latePaymentScanJob: JobDefinition = {
  name: 'late-payment-scan',
  cron: '5 * * * *',
  description: 'Decide dunning stages, send late-payment digests, settle due promises, redraw paid alerts',
  async run(deps, now) {
    const summary = await runLatePaymentScan({
      ctx: jobContext(deps, 'late-payment-scan', now),
    });
    deps.logger.info(summary, 'late-payment scan finished');
  },
};
