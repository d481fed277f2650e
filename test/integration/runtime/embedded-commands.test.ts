// With the service running on the embedded database, every writing command goes through it: its
// effect shows in the service's API at once and after a restart. A second service on the same
// directory refuses, and a SIGTERM to `npm start` stops the service. One service start serves all.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.ts';
import { runCli } from '../../../src/cli/main.ts';
import { openPglite } from '../../../src/db/client.ts';
import { lockPath } from '../../../src/db/embedded/lock.ts';
import { queryOne } from '../../../src/db/rows.ts';
import {
  freePort,
  portInUse,
  REPO_ROOT,
  type ServiceProcess,
  serviceEnv,
  spawnEntry,
  startService,
  wrap,
} from '../../support/service-process.ts';

let dir: string;
let dataDir: string;
let service: ServiceProcess;

interface Company {
  id: string;
  currency: string;
  creditProfile: { exposureMinor: string } | null;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'creditline-embedded-'));
  dataDir = join(dir, 'data');
  service = await startService(dataDir, { via: 'npm' });
}, 120_000);
afterAll(async () => {
  service?.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    isTty: false,
    stderr: process.stderr,
  };
  const code = await runCli(argv, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, io);
  return { code, out, err };
}

async function json<T>(path: string): Promise<T> {
  const response = await service.api(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const firstCompany = async () => (await json<{ data: Company[] }>('/api/v1/companies?limit=1')).data[0];

/** A client of the service's database as commands see it, for setting up what no command makes. */
async function databaseClient() {
  const lock = JSON.parse(await readFile(lockPath(dataDir), 'utf8'));
  return postgres({
    host: lock.serving.host,
    port: lock.serving.port,
    user: 'postgres',
    password: lock.serving.password,
    database: 'postgres',
    max: 1,
    prepare: false,
    onnotice: () => {},
  });
}

let company: Company;
let deadLetter: string;

describe('creditline commands while the service runs on the embedded database', () => {
  it('seed-demo loads the demo portfolio into the running service', async () => {
    expect((await json<{ data: Company[] }>('/api/v1/companies')).data).toEqual([]);
    const run = await cli('seed-demo');
    expect(run).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^Seeded 50 companies, \d+ invoices, \d+ payments\.$/)],
    });
    const found = await firstCompany();
    if (!found) throw new Error('no company after seeding');
    company = found;
  });

  it('import invoices, run as its own process, shows in the service at once', async () => {
    const file = join(dir, 'invoices.csv');
    await writeFile(
      file,
      [
        'external_id,company_id,currency,amount,issued_on,due_on',
        `CLI-1,${company.id},${company.currency},100.00,2026-11-01,2026-12-01`,
        `CLI-2,${company.id},${company.currency},200.00,2026-11-01,2026-12-01`,
        '',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      ['bin/creditline.mjs', 'import', 'invoices', file, '--source', 'xero'],
      {
        cwd: REPO_ROOT,
        env: serviceEnv(dataDir, 0),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(output).toBe('Imported 2 invoices (2 new, 0 updated).\n');
    const invoices = await json<{ data: { externalId: string }[] }>(
      `/api/v1/invoices?companyId=${company.id}&limit=100`,
    );
    expect(invoices.data.map((invoice) => invoice.externalId)).toEqual(
      expect.arrayContaining(['CLI-1', 'CLI-2']),
    );
  });

  it('rescore recomputes in the running service', async () => {
    const run = await cli('rescore', '--company', company.id);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^Recomputed 1 of 1 company named \(/);
    const after = await json<Company>(`/api/v1/companies/${company.id}`);
    expect(BigInt(after.creditProfile?.exposureMinor ?? 0)).toBe(
      BigInt(company.creditProfile?.exposureMinor ?? 0) + 30000n,
    );
  });

  it('outbox retry requeues a dead letter of the running service', async () => {
    const client = await databaseClient();
    const [row] = await client<{ id: string }[]>`
      insert into outbox (target, payload, status, attempts, next_attempt_at, created_at, last_error)
      values ('test.nowhere', '{}', 'dead', 8, '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z', 'gave up')
      returning id::text`;
    await client.end();
    deadLetter = row?.id ?? '';
    expect(
      (await json<{ data: { id: string }[] }>('/api/v1/outbox?status=dead')).data.map((r) => r.id),
    ).toContain(deadLetter);
    const run = await cli('outbox', 'retry', deadLetter);
    expect(run).toMatchObject({ code: 0, out: [`Requeued 1: ${deadLetter}`] });
    expect(
      (await json<{ data: { id: string }[] }>('/api/v1/outbox?status=dead')).data.map((r) => r.id),
    ).not.toContain(deadLetter);
  });

  it('migrate finds the running service migrated', async () => {
    expect(await cli('migrate')).toMatchObject({ code: 0, out: ['Migrations applied (pglite).'] });
    expect((await service.api('/readyz')).status).toBe(200);
  });

  it('a second service on the same directory refuses before opening it, naming the first', async () => {
    const lock = JSON.parse(await readFile(lockPath(dataDir), 'utf8'));
    const second = wrap(spawnEntry(serviceEnv(dataDir, await freePort())), 0);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(
      `Creditline failed to start: The embedded database in ${dataDir} is open in a Creditline service (pid ${lock.pid}, HTTP port ${service.port}, since ${lock.startedAt})`,
    );
    expect(second.stderr()).toContain('Stop that service first');
    expect(JSON.parse(await readFile(lockPath(dataDir), 'utf8')).token).toBe(lock.token);
    expect((await service.api('/readyz')).status).toBe(200);
  });

  it('a SIGTERM to npm start stops the service and frees its port and the directory', async () => {
    service.child.kill('SIGTERM');
    await service.exited;
    let inUse = true;
    for (let waited = 0; waited < 5_000 && inUse; waited += 100) {
      inUse = await portInUse(service.port);
      if (inUse) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(inUse).toBe(false);
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  it('every effect is still there after a restart', async () => {
    service = await startService(dataDir, { via: 'node' });
    expect((await json<{ data: Company[] }>('/api/v1/companies?limit=100')).data).toHaveLength(50);
    const invoices = await json<{ data: { externalId: string }[] }>(
      `/api/v1/invoices?companyId=${company.id}&limit=100`,
    );
    expect(invoices.data.map((invoice) => invoice.externalId)).toEqual(
      expect.arrayContaining(['CLI-1', 'CLI-2']),
    );
    const after = await json<Company>(`/api/v1/companies/${company.id}`);
    expect(BigInt(after.creditProfile?.exposureMinor ?? 0)).toBe(
      BigInt(company.creditProfile?.exposureMinor ?? 0) + 30000n,
    );
    expect(
      (await json<{ data: { id: string }[] }>('/api/v1/outbox?status=dead')).data.map((r) => r.id),
    ).not.toContain(deadLetter);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });

  it('a command refuses, writing nothing, while another command holds the directory', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    await new Promise((resolve) => holder.once('spawn', resolve));
    await writeFile(
      lockPath(dataDir),
      JSON.stringify({
        token: 'another-command',
        pid: holder.pid,
        hostname: hostname(),
        role: 'command',
        command: 'creditline rescore',
        startedAt: '2026-11-26T12:00:00.000Z',
      }),
    );
    try {
      const run = await cli('seed-demo');
      expect(run.code).toBe(1);
      expect(run.err).toEqual([
        `The embedded database in ${dataDir} is open in \`creditline rescore\` (pid ${holder.pid}, since 2026-11-26T12:00:00.000Z). Nothing was written. Wait for it to finish and run this command again.`,
      ]);
    } finally {
      holder.kill();
      await rm(lockPath(dataDir), { force: true });
    }
    const database = await openPglite(dataDir);
    const count = await queryOne<{ n: number }>(database.db, sql`select count(*)::int as n from companies`);
    await database.close();
    expect(count?.n).toBe(50);
  });
});
