// Nightly full rescore: every company's exposure, score, risk level and flags (review dates fall due,
// accounts age, trends move even when nothing was written). Set-based; see services/credit/recompute.

import { systemActor } from '../services/context.ts';
import { rescoreAll } from '../services/credit/recompute.ts';
import type { JobDefinition } from './types.ts';

export const rescoreJob: JobDefinition = {
  name: 'credit-rescore',
  cron: '30 2 * * *',
  description: 'Rescore every company and raise or clear risk flags',
  async run(deps, now) {
    const ctx = {
      db: deps.db,
      config: deps.config,
      logger: deps.logger,
      actor: systemActor('credit-rescore'),
      now,
    };
    const stats = await rescoreAll(ctx);
    deps.logger.info({ job: 'credit-rescore', ...stats }, 'credit rescore finished');
  },
};
