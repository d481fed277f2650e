// A sync killed for real (SIGKILL, the `creditline sync --full` command as a child process against a fake
// HubSpot served over HTTP) at seeded random points, several times, never blocks the next run, and the
// run that finally completes leaves the same rows and values as one run that was never interrupted.

import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.ts';
import { queryOne, queryRows } from '../../../src/db/rows.ts';
import type { Database } from '../../../src/db/types.ts';
import { seededRandom } from '../../../src/lib/random.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { createTestDatabase, usingServer } from '../../support/db.ts';
import { type FakeHubspotServer, serveFakePortal } from '../../support/fake-hubspot-server.ts';
import { seedPortal } from '../../support/hubspot.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const portal = new FakePortal();
let server: FakeHubspotServer;
/** Where each run writes: a database on the server, or an embedded data directory (opened by the child only). */
let targets: { baseline: Record<string, string>; interrupted: Record<string, string> };
/** On a server, the test can watch the interrupted database while a command writes to it. */
let watch: Database | undefined;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  seedPortal(portal, { companies: 230, contacts: 260, deals: 150, invoices: 210 });
  server = await serveFakePortal(portal);
  if (usingServer) {
    const [baseline, interrupted] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    cleanup.push(
      () => baseline.close(),
      () => interrupted.close(),
    );
    watch = interrupted;
    targets = {
      baseline: { DATABASE_URL: String(baseline.url) },
      interrupted: { DATABASE_URL: String(interrupted.url) },
    };
  } else {
    // One migrated directory, copied: each child then opens an existing database, as after an install.
    const root = await mkdtemp(join(tmpdir(), 'creditline-kill-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const template = await openDatabase({ dataDir: join(root, 'template') });
    await template.migrate();
    await template.close();
    await cp(join(root, 'template'), join(root, 'baseline'), { recursive: true });
    await cp(join(root, 'template'), join(root, 'interrupted'), { recursive: true });
    targets = {
      baseline: { DATA_DIR: join(root, 'baseline') },
      interrupted: { DATA_DIR: join(root, 'interrupted') },
    };
  }
}, 120_000);
afterAll(async () => {
  await server?.close();
  for (const step of cleanup) await step();
});

interface Outcome {
  pid: number;
  /** List pages the command asked for. */
  listings: number;
  /** Where its first list request started: `type@after` (`companies@-` is the very beginning). */
  firstListing: string | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const isListing = (request: Request) => {
  const url = new URL(request.url);
  return request.method === 'GET' && url.pathname.includes('/objects/') && !url.searchParams.has('archived');
};

const listingOf = (request: Request) => {
  const url = new URL(request.url);
  return `${url.pathname.split('/').at(-1)}@${url.searchParams.get('after') ?? '-'}`;
};

/** Records stored so far (each page a resumed run commits adds some: it lists what is not stored yet). */
const storedCount = async (database: Database) =>
  Number(
    (
      await queryOne<{ n: string }>(
        database.db,
        sql`select ((select count(*) from companies) + (select count(*) from contacts) + (select count(*) from deals)
          + (select count(*) from invoices))::text as n`,
      )
    )?.n,
  );

/**
 * Waits until the command has committed a page of its own before it is killed, so every killed run
 * leaves progress to resume from. Embedded: one page is written at a time, so when the third list
 * request arrives the first page has committed. On a server, the database is watched.
 */
async function untilProgress(before: number | null): Promise<void> {
  if (!watch || before === null) return;
  for (let waited = 0; waited < 60_000; waited += 50) {
    if ((await storedCount(watch)) > before) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the command committed no page within a minute');
}

/**
 * Runs `creditline sync --full` in a child process. `kill` sends SIGKILL `delayMs` after the fake received
 * the child's `afterListings`-th list request, which is held until then (so however slow the machine, the
 * child is killed while it writes the pages before it); `hold` keeps the child's first list request
 * waiting (the run then holds its lease) until the promise settles.
 */
async function runCli(
  target: Record<string, string>,
  options: {
    kill?: { afterListings: number; delayMs: number };
    hold?: (child: ChildProcess) => Promise<void>;
    /** False for a command started while another is held: the held one keeps the fake's counter. */
    observe?: boolean;
    leaseMs?: number;
  } = {},
): Promise<Outcome> {
  const before = options.kill && watch ? await storedCount(watch) : null;
  const child = spawn(process.execPath, ['bin/creditline.mjs', 'sync', '--full'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      LOG_LEVEL: 'error',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-test-token',
      HUBSPOT_API_BASE_URL: server.url,
      // A held request (see `hold`) must not time out while the other command runs.
      HUBSPOT_TIMEOUT_MS: '60000',
      // Short, so a killed run's slot is free by the time the next command has started.
      HUBSPOT_SYNC_LEASE_MS: String(options.leaseMs ?? 1_500),
      ...target,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let listings = 0;
  let firstListing: string | null = null;
  if (options.observe !== false) {
    portal.faults = [
      async (request) => {
        if (!isListing(request)) return undefined;
        listings++;
        firstListing ??= listingOf(request);
        if (listings === 1 && options.hold) await options.hold(child);
        const kill = options.kill;
        if (kill && listings === kill.afterListings) {
          await untilProgress(before);
          await new Promise((resolve) => setTimeout(resolve, kill.delayMs));
          child.kill('SIGKILL');
        }
        return undefined;
      },
    ];
  }
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      resolve({ pid: child.pid ?? 0, listings, firstListing, code, signal, stdout, stderr }),
    );
  });
}

const REFUSED = /A sync run is already running: run \d+ \(full\) is held by .*pid (\d+)/;

/**
 * Runs until the command either completes or is killed. A run started while a killed one's lease has
 * not yet run out is refused, naming the killed process; it is started again once the lease is over.
 */
async function runPastRefusals(
  target: Record<string, string>,
  previousPid: number | null,
  options: Parameters<typeof runCli>[1] = {},
): Promise<{ outcome: Outcome; refusals: number }> {
  for (let refusals = 0; refusals < 20; refusals++) {
    const outcome = await runCli(target, options);
    const refused = REFUSED.exec(outcome.stderr);
    if (outcome.code !== 1 || !refused) return { outcome, refusals };
    expect(Number(refused[1])).toBe(previousPid);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the killed run’s lease never ran out');
}

async function snapshot(database: Database) {
  return queryOne<Record<string, string>>(
    database.db,
    sql`select
      (select md5(string_agg(hubspot_owner_id || coalesce(email, '-') || archived, ',' order by hubspot_owner_id)) from owners) as owners,
      (select md5(string_agg(c.hubspot_id || c.name || coalesce(c.domain, '-') || coalesce(c.country, '-')
          || coalesce(o.hubspot_owner_id, '-') || (c.archived_at is null), ',' order by c.hubspot_id))
        from companies c left join owners o on o.id = c.owner_id) as companies,
      (select md5(string_agg(ct.hubspot_id || coalesce(ct.email, '-') || coalesce(ct.first_name, '-')
          || coalesce(c.hubspot_id, '-'), ',' order by ct.hubspot_id))
        from contacts ct left join companies c on c.id = ct.company_id) as contacts,
      (select md5(string_agg(d.hubspot_id || d.name || coalesce(d.amount_minor::text, '-') || coalesce(d.currency, '-')
          || coalesce(d.stage, '-') || coalesce(d.close_date::text, '-') || d.is_closed || d.is_won
          || coalesce(c.hubspot_id, '-') || coalesce(o.hubspot_owner_id, '-'), ',' order by d.hubspot_id))
        from deals d left join companies c on c.id = d.company_id left join owners o on o.id = d.owner_id) as deals,
      (select md5(string_agg(dc.deal || '>' || dc.contact, ',' order by dc.deal, dc.contact))
        from (select d.hubspot_id as deal, ct.hubspot_id as contact from deal_contacts x
          join deals d on d.id = x.deal_id join contacts ct on ct.id = x.contact_id) dc) as deal_contacts,
      (select md5(string_agg(i.external_id || i.currency || i.amount_minor || i.balance_minor || i.status
          || i.issued_on || i.due_on || coalesce(i.paid_on::text, '-') || c.hubspot_id || coalesce(d.hubspot_id, '-'),
          ',' order by i.external_id))
        from invoices i join companies c on c.id = i.company_id left join deals d on d.id = i.deal_id) as invoices,
      (select string_agg(object_type || ':' || coalesce(cursor, '-') || ':' || (stats->>'phase'), ',' order by object_type)
        from sync_state) as state,
      (select count(*)::text from credit_profiles) as profiles,
      (select count(*)::text from credit_rescore_requests) as owed,
      (select count(*)::text from sync_rejections) as rejections`,
  );
}

async function runsOf(database: Database) {
  return queryRows<{ status: string; error: string | null }>(
    database.db,
    sql`select status, error from sync_runs order by id`,
  );
}

/** Reads a target once no child has it open (an embedded directory belongs to one process at a time). */
async function withTarget<T>(
  target: Record<string, string>,
  read: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({ url: target.DATABASE_URL, dataDir: target.DATA_DIR });
  try {
    return await read(database);
  } finally {
    await database.close();
  }
}

describe('creditline sync --full killed with SIGKILL', () => {
  it('resumes after every kill and ends with the same rows and values as an uninterrupted run', async () => {
    const uninterrupted = await runCli(targets.baseline);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);

    expect(uninterrupted.firstListing).toBe('companies@-');

    // Seeded, so the kill points are the same on every run of the suite.
    const random = seededRandom(20_261_206);
    let previous: Outcome | null = null;
    let kills = 0;
    /** A run after a killed one goes on from the saved cursors, never from the very beginning. */
    const expectResumed = (outcome: Outcome) => {
      if (previous?.signal === 'SIGKILL') expect(outcome.firstListing).not.toBe('companies@-');
    };
    for (let round = 0; round < 3; round++) {
      // At the third to fifth list request of each run (one of a full listing's eleven; the first two
      // resumed runs always get that far), once a page of its own has committed, a random time into the
      // request: while the next page is written or committed.
      const kill = { afterListings: 3 + Math.floor(random() * 3), delayMs: Math.floor(random() * 250) };
      const { outcome } = await runPastRefusals(targets.interrupted, previous?.pid ?? null, { kill });
      expectResumed(outcome);
      if (outcome.signal === 'SIGKILL') kills++;
      else expect(outcome.code, outcome.stderr).toBe(0);
      previous = outcome;
    }
    expect(kills).toBeGreaterThanOrEqual(2);

    // On a server a second command can run at the same time: while the run holds its lease, it is refused
    // with the holder named. (An embedded directory belongs to one process, so there it is not tried.)
    let concurrent: Outcome | undefined;
    let holderPid: number | undefined;
    const hold = usingServer
      ? async (holder: ChildProcess) => {
          holderPid = holder.pid;
          concurrent = await runCli(targets.interrupted, { observe: false });
        }
      : undefined;
    // The last run's lease is long, so however slow the machine it holds its slot while the other tries.
    const { outcome: last } = await runPastRefusals(targets.interrupted, previous?.pid ?? null, {
      ...(hold ? { hold } : {}),
      leaseMs: 60_000,
    });
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toMatch(/^Sync run \d+ \(full(, continuing run \d+)?\) finished/);
    expectResumed(last);
    if (usingServer) {
      expect(concurrent?.code, concurrent?.stderr).toBe(1);
      expect(REFUSED.exec(concurrent?.stderr ?? '')?.[1]).toBe(String(holderPid));
      expect(concurrent?.stderr).toMatch(/since \d{4}-\d{2}-\d{2}T.*last heard from at \d{4}-\d{2}-\d{2}T/);
    }

    const expected = await withTarget(targets.baseline, snapshot);
    const actual = await withTarget(targets.interrupted, snapshot);
    expect(expected?.companies).not.toBeNull();
    expect(expected?.state).toBe('companies:-:idle,contacts:-:idle,deals:-:idle,invoices:-:idle');
    expect(actual).toEqual(expected);
    // Every killed run was taken over once its lease ran out; none is left holding the slot.
    const runs = await withTarget(targets.interrupted, runsOf);
    expect(runs.at(-1)?.status).toBe('succeeded');
    expect(runs.filter((run) => run.status === 'running')).toEqual([]);
    for (const run of runs.filter((candidate) => candidate.status === 'failed')) {
      expect(run.error).toBe('abandoned: its process stopped renewing the lease');
    }
  }, 400_000);
});
