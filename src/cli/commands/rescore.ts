import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { recomputeCompanies, rescoreAll } from '../../services/credit/recompute.ts';
import { parseInput } from '../../services/validate.ts';
import type { CliCommand } from '../command.ts';

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
      env.io.out(`Recomputed ${stats.companies} of ${ids.length} named companies (${summary(stats)}).`);
      return stats.companies === ids.length ? 0 : 1;
    }
    const bar = env.io.isTty
      ? new SingleBar({ stream: env.io.stderr, format: 'Rescoring [{bar}] {value}/{total} companies' })
      : undefined;
    let barStarted = false;
    const stats = await rescoreAll(ctx, {
      onProgress: (done, total) => {
        if (!bar) return;
        if (!barStarted) bar.start(total, 0);
        barStarted = true;
        bar.update(done);
      },
    });
    bar?.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    env.io.out(`Rescored ${stats.companies} companies in ${seconds} s (${summary(stats)}).`);
    return 0;
  },
};

function summary(stats: { changed: number; raised: number; cleared: number }): string {
  return `${stats.changed} profiles changed, ${stats.raised} flags raised, ${stats.cleared} cleared`;
}
