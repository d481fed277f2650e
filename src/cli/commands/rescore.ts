import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { recomputeCompanies } from '../../services/credit/recompute.ts';
import { type RequestedRescore, rescoreNow } from '../../services/credit/rescore-requests.ts';
import { fxStatus } from '../../services/fx/status.ts';
import { parseInput } from '../../services/validate.ts';
import type { CliCommand, CliIo } from '../command.ts';

export const rescoreCommand: CliCommand = {
  name: 'rescore',
  usage: 'creditline rescore [--company ID ...]',
  summary: 'Recompute credit profiles and risk flags (all companies, or the ones named)',
  async run(args, env) {
    const { values } = parseArgs({ args, options: { company: { type: 'string', multiple: true } } });
    const database = await env.database();
    const ctx = await env.context();
    const started = performance.now();
    if (values.company?.length) {
      const ids = parseInput(z.array(z.uuid()), values.company);
      const stats = await database.db.transaction((tx) => recomputeCompanies(tx, ctx, ids));
      env.io.out(
        `Recomputed ${stats.companies} of ${ids.length} named companies (${rescoreSummary(stats)}).`,
      );
      return stats.companies === ids.length ? 0 : 1;
    }
    const progress = rescoreProgress(env.io);
    const outcome = await rescoreNow(ctx, 'creditline rescore', { onProgress: progress.update }).finally(
      progress.stop,
    );
    env.io.out(describeRescore(outcome, started));
    const fx = await fxStatus(ctx);
    if (fx.missingLine) env.io.out(fx.missingLine);
    return 0;
  },
};

/** What a full rescore run under the owed-rescore claim came to, in one line. */
export function describeRescore(outcome: RequestedRescore, started: number): string {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  switch (outcome.status) {
    case 'ran':
      return `Rescored ${outcome.stats.companies} companies in ${seconds} s (${rescoreSummary(outcome.stats)}).`;
    case 'waiting_for_sync':
      return 'A full rescore is owed; a HubSpot sync is still running, and the credit-rescore-requested job runs the rescore when it ends.';
    case 'claimed_elsewhere':
      return 'A full rescore is owed; another process is running it now.';
    case 'nothing_owed':
      return 'No full rescore is owed.';
  }
}

/** A progress bar for a full rescore, on a terminal only. */
export function rescoreProgress(io: CliIo) {
  const bar = io.isTty
    ? new SingleBar({ stream: io.stderr, format: 'Rescoring [{bar}] {value}/{total} companies' })
    : undefined;
  let started = false;
  return {
    update(done: number, total: number) {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar?.stop();
    },
  };
}

export function rescoreSummary(stats: { changed: number; raised: number; cleared: number }): string {
  return `${stats.changed} profiles changed, ${stats.raised} flags raised, ${stats.cleared} cleared`;
}
