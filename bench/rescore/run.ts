// Rescore benchmark: 100,000 companies, 1,000,000 invoices and 800,000 payments in a dedicated database
// on a real Postgres server. Measures a full rescore with flags, the recompute of one company after a
// payment (p50/p95), and a bare GROUP BY scan of the same tables for the ratio. Writes
// bench/results/rescore.json. Usage: npm run bench:rescore [-- --companies N --samples N --runs N --keep --out FILE]

import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { loadConfig } from '../../src/config/load.ts';
import { openPostgres } from '../../src/db/client.ts';
import { queryRows } from '../../src/db/rows.ts';
import { invoices, payments } from '../../src/db/schema/index.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { toJsonSafe } from '../../src/lib/json.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { type RecomputeStats, recomputeCompanies, rescoreAll } from '../../src/services/credit/recompute.ts';
import { median, peakRss, percentile, timed } from '../stats.ts';
import { generate, resetScores } from './generate.ts';

interface RescoreRun {
  first: { ms: number; value: RecomputeStats };
  steady: { ms: number; value: RecomputeStats };
  nextDay: { ms: number; value: RecomputeStats };
  firstPeakRssMb: number;
}

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    /** Where to write the JSON results (default bench/results/rescore.json). */
    out: { type: 'string' },
    /** Pages worked at once by the full rescore (the job's default is 2). */
    concurrency: { type: 'string', default: '2' },
    /** Times the three full-rescore scenarios are repeated from scratch (medians are reported). */
    runs: { type: 'string', default: '3' },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const companies = Number(values.companies);
const samples = Number(values.samples);
const today = '2026-11-26';
const name = 'creditline_bench_rescore';
const log = (line: string) => process.stderr.write(`${line}\n`);

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await openPostgres(url.toString(), 4);
try {
  await database.migrate();
  log(`Generating ${companies} companies, ${companies * 10} invoices…`);
  await generate(
    database.db,
    { companies, invoicesPerCompany: 10, paidPercent: 80, dealsPerCompany: 1 },
    today,
    log,
  );
  const [countRow] = await queryRows(
    database.db,
    sql`select (select count(*) from companies) as companies, (select count(*) from invoices) as invoices,
               (select count(*) from payments) as payments, (select count(*) from deals) as deals`,
  );
  const counts = toJsonSafe(countRow);
  log(`Rows: ${JSON.stringify(counts)}`);

  const ctx: ServiceContext = {
    db: database.db,
    config: loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
    logger: silentLogger,
    actor: { kind: 'system', id: 'bench' },
    now: new Date(`${today}T02:00:00Z`),
    clock: systemClock,
  };
  const progress = (done: number, total: number) => {
    if (done === total || done % 20_000 === 0) log(`  rescored ${done}/${total}`);
  };
  const concurrency = Number(values.concurrency);
  const nextDayCtx = { ...ctx, now: new Date('2026-11-27T02:30:00Z') };
  const runs: RescoreRun[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    if (run > 1) await resetScores(database.db, today, log);
    log(`Run ${run}: full rescore (first: every profile and flag is new)…`);
    const rss = peakRss();
    const first = await timed(() => rescoreAll(ctx, { onProgress: progress, concurrency }));
    const firstPeakRssMb = rss.stop();
    log(`  ${first.ms.toFixed(0)} ms ${JSON.stringify(first.value)}, peak RSS ${firstPeakRssMb} MB`);
    log(`Run ${run}: full rescore (steady state: the nightly run with nothing new)…`);
    const steady = await timed(() =>
      rescoreAll({ ...ctx, now: new Date(`${today}T03:00:00Z`) }, { concurrency }),
    );
    log(`  ${steady.ms.toFixed(0)} ms ${JSON.stringify(steady.value)}`);
    // The next night: every overdue invoice is a day older, so most explanations (and some flags) change.
    log(`Run ${run}: full rescore (the next night: a day of ageing)…`);
    const nextDay = await timed(() => rescoreAll(nextDayCtx, { concurrency }));
    log(`  ${nextDay.ms.toFixed(0)} ms ${JSON.stringify(nextDay.value)}`);
    runs.push({ first, steady, nextDay, firstPeakRssMb });
  }
  const medianOf = (pick: (run: RescoreRun) => number) => Math.round(median(runs.map(pick)));
  const firstMs = medianOf((run) => run.first.ms);
  const steadyMs = medianOf((run) => run.steady.ms);
  const nextDayMs = medianOf((run) => run.nextDay.ms);

  log('Bare GROUP BY scans…');
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const scan = await timed(async () => {
      await database.db.execute(
        sql`select company_id, currency, count(*), sum(balance_minor), sum(amount_minor) from invoices group by company_id, currency`,
      );
      await database.db.execute(
        sql`select company_id, count(*), sum(amount_minor) from payments group by company_id`,
      );
    });
    scans.push(scan.ms);
  }
  const scanMs = median(scans);

  log(`One-company recompute after a payment (${samples} samples)…`);
  const open = await queryRows(
    database.db,
    sql`select id, company_id, balance_minor, currency from invoices where status = 'open' order by md5(id::text) limit ${samples}`,
  );
  const recompute: number[] = [];
  const whole: number[] = [];
  for (const [index, row] of open.entries()) {
    const started = performance.now();
    let recomputeMs = 0;
    await database.db.transaction(async (tx) => {
      const invoiceId = String(row.id);
      await tx.insert(payments).values({
        source: 'bench-live',
        externalId: `live-${index}`,
        companyId: String(row.company_id),
        invoiceId,
        currency: String(row.currency),
        amountMinor: BigInt(String(row.balance_minor)),
        receivedOn: '2026-11-27',
      });
      await tx
        .update(invoices)
        .set({ balanceMinor: 0n, status: 'paid', paidOn: '2026-11-27' })
        .where(eq(invoices.id, invoiceId));
      const t = await timed(() => recomputeCompanies(tx, nextDayCtx, [String(row.company_id)]));
      recomputeMs = t.ms;
    });
    recompute.push(recomputeMs);
    whole.push(performance.now() - started);
  }

  const result = {
    measuredAt: new Date().toISOString(),
    server: String((await queryRows(database.db, sql`select version() as v`))[0]?.v ?? ''),
    rows: counts,
    fullRescore: {
      runs: runs.length,
      firstMs,
      firstStats: runs[0]?.first.value,
      firstPeakRssMb: Math.max(...runs.map((run) => run.firstPeakRssMb)),
      steadyMs,
      steadyStats: runs[0]?.steady.value,
      nextDayMs,
      nextDayStats: runs[0]?.nextDay.value,
      samplesMs: runs.map((run) => ({
        first: Math.round(run.first.ms),
        steady: Math.round(run.steady.ms),
        nextDay: Math.round(run.nextDay.ms),
      })),
      goalMs: 15_000,
      met: Math.max(firstMs, steadyMs, nextDayMs) <= 15_000,
    },
    bareGroupByMs: Math.round(scanMs),
    ratioFirstToGroupBy: Math.round((firstMs / scanMs) * 10) / 10,
    ratioSteadyToGroupBy: Math.round((steadyMs / scanMs) * 10) / 10,
    ratioNextDayToGroupBy: Math.round((nextDayMs / scanMs) * 10) / 10,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    recomputeAfterPayment: {
      samples: recompute.length,
      p50Ms: Math.round(percentile(recompute, 50) * 100) / 100,
      p95Ms: Math.round(percentile(recompute, 95) * 100) / 100,
      withPaymentWriteP95Ms: Math.round(percentile(whole, 95) * 100) / 100,
      goalP95Ms: 20,
      met: percentile(recompute, 95) <= 20,
    },
  };
  const out = values.out ?? new URL('../results/rescore.json', import.meta.url);
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await database.close();
  if (!values.keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
