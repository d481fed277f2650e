// npm run bench:slack — the dunning scan over 1,000,000 invoices and the ack time of signed Slack
// button clicks, on the real Postgres server (BENCH_DATABASE_URL, default the local server). Writes
// bench/results/slack.json and stops by itself.

import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config/load.ts';
import { openPostgres } from '../../src/db/client.ts';
import { queryOne } from '../../src/db/rows.ts';
import type { Database } from '../../src/db/types.ts';
import { ackBench } from './ack-bench.ts';
import { dropBenchDatabase, fill, freshBenchDatabase } from './database.ts';
import { startFakeSlack } from './fake-slack.ts';
import { scanBench } from './scan-bench.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const invoices = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const TODAY = '2026-11-23'; // a Monday, so the three daily runs fall on working days

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const progress = (step: string) => process.stderr.write(`[bench:slack] ${step}\n`);

const fakeSlack = await startFakeSlack();
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
  SLACK_SIGNING_SECRET: 'bench-signing-secret',
  SLACK_API_URL: fakeSlack.url,
  PUBLIC_BASE_URL: 'https://creditline.example.com',
});
const url = await freshBenchDatabase(serverUrl);
let database: Database | undefined;
try {
  const started = performance.now();
  await fill(
    url,
    { owners: 1_000, companies: Math.max(100, invoices / 10), invoices, today: TODAY },
    progress,
  );
  progress(`data ready in ${Math.round((performance.now() - started) / 1000)} s`);
  database = await openPostgres(url, 10);
  const scan = await scanBench(database, config, TODAY, progress);
  const target = await queryOne<{ company_id: string; id: string }>(
    database.db,
    sql`select id, company_id from invoices where status = 'open' limit 1`,
  );
  if (!target) throw new Error('no invoice to click on');
  const acks = await ackBench(
    database,
    config,
    { companyId: target.company_id, invoiceId: target.id },
    {
      seconds,
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
      steadyRate: Number(process.env.BENCH_STEADY_RATE ?? 300),
    },
    fakeSlack.calls,
    progress,
  );
  const slackRps = median(acks.slack.map((r) => r.requestsPerSecond));
  const bareRps = median(acks.bare.map((r) => r.requestsPerSecond));
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    invoices,
    scan: {
      goalMs: 3_000,
      coldDecide: scan.cold,
      daily: scan.daily,
      dailyMedianTotalMs: median(scan.daily.map((d) => d.totalMs)),
      dailyMedianDecideMs: median(scan.daily.map((d) => d.decideMs)),
    },
    acks: {
      goalP99Ms: 50,
      ...acks,
      saturatedMedianP99Ms: median(acks.slack.map((r) => r.p99Ms)),
      saturatedMedianP50Ms: median(acks.slack.map((r) => r.p50Ms)),
      steadyMedianP99Ms: median(acks.slackSteady.map((r) => r.p99Ms)),
      steadyMedianP50Ms: median(acks.slackSteady.map((r) => r.p50Ms)),
      bareMedianP99Ms: median(acks.bare.map((r) => r.p99Ms)),
      bareSteadyMedianP99Ms: median(acks.bareSteady.map((r) => r.p99Ms)),
      bareSteadyMedianP50Ms: median(acks.bareSteady.map((r) => r.p50Ms)),
      slackMedianRps: slackRps,
      bareMedianRps: bareRps,
      throughputRatio: Number((slackRps / bareRps).toFixed(3)),
    },
  };
  await writeFile(new URL('../results/slack.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ scan: results.scan, acks: { steadyP99Ms: results.acks.steadyMedianP99Ms, saturatedP99Ms: results.acks.saturatedMedianP99Ms, ratio: results.acks.throughputRatio, slackRps, bareRps } }, null, 2)}\n`,
  );
} finally {
  await database?.close();
  await dropBenchDatabase(serverUrl);
  await fakeSlack.close();
}
