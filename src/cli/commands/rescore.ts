import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { companies } from '../../db/schema/index.ts';
import { recomputeCompanies } from '../../services/credit/recompute.ts';
import { type RequestedRescore, rescoreNow } from '../../services/credit/rescore-requests.ts';
import { fxStatus } from '../../services/fx/status.ts';
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
      const ids = [...new Set(values.company)];
      // Every name is checked before anything is recomputed, so a typo changes nothing.
      const malformed = ids.filter((id) => !z.uuid().safeParse(id).success);
      if (malformed.length > 0) {
        env.io.err(
          `Not a company id: ${malformed.join(', ')}. --company takes the id (a uuid) the API shows for a company.`,
        );
        return 2;
      }
      const found = await database.db
        .select({ id: companies.id })
        .from(companies)
        .where(inArray(companies.id, ids));
      const unknown = ids.filter((id) => !found.some((row) => row.id === id));
      if (unknown.length > 0) {
        const which = unknown.length === 1 ? 'No company has the id' : 'No companies have the ids';
        env.io.err(`${which} ${unknown.join(', ')}. Nothing was recomputed.`);
        return 1;
      }
      const stats = await database.db.transaction((tx) => recomputeCompanies(tx, ctx, ids));
      env.io.out(
        `Recomputed ${stats.companies} of ${companiesCount(ids.length)} named (${rescoreSummary(stats)}).`,
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
      return `Rescored ${companiesCount(outcome.stats.companies)} in ${seconds} s (${rescoreSummary(outcome.stats)}).`;
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
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return `${count(stats.changed, 'profile')} changed, ${count(stats.raised, 'flag')} raised, ${stats.cleared} cleared`;
}

const companiesCount = (n: number) => `${n} ${n === 1 ? 'company' : 'companies'}`;
