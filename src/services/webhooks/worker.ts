// The loop that works off recorded HubSpot events on Node: polls the inbox, processes a batch, and
// backs off while HubSpot is unreachable or the daily limit is spent. Stops cleanly on shutdown.

import type { Crm } from '../../integrations/crm.ts';
import { HubspotDailyLimitError } from '../../integrations/hubspot/errors.ts';
import { sleep } from '../../lib/sleep.ts';
import type { ServiceContext } from '../context.ts';
import { processHubspotInbox } from './process.ts';

export interface InboxWorkerOptions {
  context: () => ServiceContext;
  crm: Crm;
  pollMs: number;
}

export class HubspotInboxWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();

  constructor(private readonly options: InboxWorkerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopSignal.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait = this.options.pollMs;
      try {
        const result = await processHubspotInbox(this.options.context(), this.options.crm);
        // A full batch means more is waiting: go again at once.
        if (result.events >= 500 && result.failed === 0) wait = 0;
        if (result.failed > 0) wait = Math.max(wait, 30_000);
      } catch (error) {
        const ctx = this.options.context();
        ctx.logger.error({ err: error }, 'HubSpot inbox worker paused');
        wait = error instanceof HubspotDailyLimitError ? 15 * 60_000 : 60_000;
      }
      await sleep(wait, this.stopSignal.signal);
    }
  }
}
