// `creditline scan`: runs the late-payment scan once, now (or at --at for a given instant).

import { parseArgs } from 'node:util';
import { runLatePaymentScan } from '../../services/collections/scan/run.ts';
import type { CliCommand } from '../command.ts';

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: 'creditline scan [--at 2026-11-26T09:05:00Z]',
  summary: 'Run the late-payment scan once (digests for the account managers whose window is open)',
  async run(args, env) {
    const { values } = parseArgs({ args, options: { at: { type: 'string' } } });
    const now = values.at ? new Date(values.at) : env.clock.now();
    if (Number.isNaN(now.getTime())) {
      env.io.err(`--at must be an ISO timestamp.\n${scanCommand.usage}`);
      return 2;
    }
    const summary = await runLatePaymentScan({
      ctx: await env.context(now),
    });
    env.io.out(JSON.stringify(summary));
    return 0;
  },
};
