// Where no long-running dispatcher exists (Workers), the minute cron delivers the outbox. On Node the
// dispatcher loop already runs; this fire then finds little or nothing to do.

import type { JobDefinition } from './types.ts';

export const dispatchOutboxJob: JobDefinition = {
  name: 'dispatch-outbox',
  cron: '* * * * *',
  description: 'Deliver due outbox rows',
  async run(deps) {
    await deps.drainOutbox?.();
  },
};
