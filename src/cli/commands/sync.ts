import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ValidationError } from '../../domain/errors.ts';
import type { CrmObjectType } from '../../integrations/crm.ts';
import { createHubspotCrm } from '../../integrations/hubspot/client.ts';
import { runRequestedRescore } from '../../services/credit/rescore-requests.ts';
import { fxStatus } from '../../services/fx/status.ts';
import type { SyncProgress } from '../../services/sync/progress.ts';
import { parallelWritesFor, runSync, type SyncSummary } from '../../services/sync/run.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { describeRescore, rescoreProgress } from './rescore.ts';

const OBJECTS = ['owners', 'companies', 'contacts', 'deals', 'invoices'] as const;

export const syncCommand: CliCommand = {
  name: 'sync',
  usage: 'creditline sync [--full] [--objects owners,companies,contacts,deals,invoices]',
  summary: 'Sync owners, companies, contacts, deals and invoices from HubSpot (incremental unless --full)',
  async run(args, env) {
    const { values } = parseArgs({
      args,
      options: { full: { type: 'boolean' }, objects: { type: 'string' } },
    });
    if (!env.config.HUBSPOT_ACCESS_TOKEN) {
      env.io.err('HubSpot is not configured: set HUBSPOT_ACCESS_TOKEN (see docs/hubspot-and-slack.md).');
      return 2;
    }
    const objects = values.objects?.split(',').map((name) => name.trim());
    const unknown = objects?.filter((name) => !(OBJECTS as readonly string[]).includes(name)) ?? [];
    if (unknown.length > 0) throw new ValidationError(`Unknown object type(s): ${unknown.join(', ')}`);
    const database = await env.database();
    const crm = createHubspotCrm(env.config);
    const bar = progressBar(env.io);
    const summary = await runSync({
      ctx: await env.context(),
      crm,
      input: {
        mode: values.full ? 'full' : 'incremental',
        ...(objects ? { objects: objects as (typeof OBJECTS)[number][] } : {}),
      },
      // Totals come from one search call per type, so the bar can show an ETA.
      expected: values.full ? (type: CrmObjectType) => crm.count(type).catch(() => null) : undefined,
      onProgress: bar.update,
      parallelWrites: parallelWritesFor(database.driver),
    }).finally(bar.stop);
    printSummary(env.io, summary);
    if (summary.rescoreOwed) {
      // The server's credit-rescore-requested job would do it within a minute; from the command line it
      // is done now, under the same claim, so the two never both run it.
      const started = performance.now();
      const progress = rescoreProgress(env.io);
      const outcome = await runRequestedRescore(await env.context(), { onProgress: progress.update }).finally(
        progress.stop,
      );
      env.io.out(describeRescore(outcome, started));
    }
    if (summary.fx && 'error' in summary.fx)
      env.io.out(`HubSpot exchange rates not read: ${summary.fx.error}`);
    const fx = await fxStatus(await env.context());
    if (fx.missingLine) env.io.out(fx.missingLine);
    return 0;
  },
};

function progressBar(io: CliIo) {
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format:
        ' {object} [{bar}] {value}/{total} records | {rate}/s | ETA {eta_formatted} | {requests} requests, {retries} retries',
      hideCursor: true,
      noTTYOutput: false,
      etaBuffer: 50,
    },
    undefined,
  );
  let current: string | null = null;
  let started = Date.now();
  return {
    update(progress: SyncProgress) {
      if (!io.isTty) return;
      const done = progress.totals.received;
      const payload = {
        object: progress.objectType.padEnd(9),
        rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)),
        requests: progress.requests.requests,
        retries: progress.requests.retries,
      };
      if (current !== progress.objectType) {
        if (current) bar.stop();
        current = progress.objectType;
        started = Date.now();
        bar.start(progress.expected ?? done, done, payload);
      }
      if ((progress.expected ?? 0) < done) bar.setTotal(done);
      bar.update(done, payload);
    },
    stop() {
      if (current) bar.stop();
    },
  };
}

function printSummary(io: CliIo, summary: SyncSummary) {
  const continuing = summary.continues ? `, continuing run ${summary.continues}` : '';
  io.out(
    `Sync run ${summary.runId} (${summary.mode}${continuing}) finished in ${summary.seconds.toFixed(1)} s`,
  );
  for (const [object, totals] of Object.entries(summary.objects)) {
    io.out(
      `  ${object.padEnd(10)} ${totals.mode.padEnd(11)} received ${totals.received}, stored ${totals.stored}, skipped ${totals.skipped}, rejected ${totals.rejected}, archived ${totals.archived} (${totals.seconds.toFixed(1)} s)`,
    );
  }
  const rejected = Object.values(summary.objects).reduce((sum, totals) => sum + totals.rejected, 0);
  if (rejected > 0) {
    io.out(`  rejected   ${rejected} records set aside with their reasons: GET /api/v1/sync/rejections`);
  }
  io.out(`  slack      matched ${summary.slack.matched} of ${summary.slack.checked} owners looked up`);
  const { missingScope } = summary.slack;
  if (missingScope)
    io.out(`  slack      lookups stopped: the bot token lacks "${missingScope.needed}"; ${missingScope.fix}`);
  const { requests, retries, rateLimited, errors } = summary.requests;
  io.out(`  requests   ${requests} (${retries} retries, ${rateLimited} rate-limited, ${errors} errors)`);
}
