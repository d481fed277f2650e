// The lock that gives an embedded database directory to one process: refused while its holder runs,
// taken over once the holder is gone (dead pid, a recycled pid, an earlier life of our own pid).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedDatabaseInUseError } from '../../../src/db/embedded/in-use.ts';
import { acquireLock, type LockRecord, lockPath, readLiveLock } from '../../../src/db/embedded/lock.ts';

let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'creditline-lock-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));
afterAll(() => {
  for (const child of children) child.kill();
});

const claim = { role: 'service' as const, startedAt: '2026-11-26T12:00:00.000Z', httpPort: 3000 };

function foreignLock(overrides: Partial<LockRecord>): LockRecord {
  return {
    token: 'someone-else',
    pid: 1,
    hostname: hostname(),
    role: 'command',
    command: 'creditline import invoices',
    startedAt: '2026-11-26T11:00:00.000Z',
    ...overrides,
  };
}

const writeLock = (record: unknown) => writeFile(lockPath(dir), JSON.stringify(record));

/** A process that is running now (and belongs to this test). */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

const LOCK_MODULE = new URL('../../../src/db/embedded/lock.ts', import.meta.url).href;

/** A process that takes the lock when told "go", says whether it got it, and holds it until stdin ends. */
async function startTaker() {
  const script = `
    import { acquireLock } from ${JSON.stringify(LOCK_MODULE)};
    import { createInterface } from 'node:readline';
    const lines = createInterface({ input: process.stdin });
    console.log('ready');
    for await (const line of lines) {
      const result = await acquireLock(${JSON.stringify(dir)}, { role: 'command', command: 'taker', startedAt: 'now' });
      console.log(result.held ? 'held' : 'refused');
      break;
    }
    lines.close();
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  let onLine: () => void = () => {};
  child.stdout?.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    onLine();
  });
  const next = (wanted: (line: string) => boolean) =>
    new Promise<string>((resolve) => {
      onLine = () => {
        const line = lines.find(wanted);
        if (line) resolve(line);
      };
      onLine();
    });
  await next((line) => line === 'ready');
  return { child, outcome: next((line) => line === 'held' || line === 'refused') };
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

describe('the embedded database lock', () => {
  it('is held by one taker at a time and released for the next', async () => {
    const first = await acquireLock(dir, claim);
    expect(first.held).toBe(true);
    const second = await acquireLock(dir, {
      role: 'command',
      command: 'creditline rescore',
      startedAt: 'now',
    });
    expect(second).toMatchObject({
      held: false,
      holder: { pid: process.pid, role: 'service', httpPort: 3000 },
    });
    expect(await readLiveLock(dir)).toMatchObject({ pid: process.pid, role: 'service' });
    if (first.held) await first.lock.release();
    expect(existsSync(lockPath(dir))).toBe(false);
    const third = await acquireLock(dir, claim);
    expect(third.held).toBe(true);
    if (third.held) await third.lock.release();
  });

  it('goes to exactly one of several processes that take it at once, over a stale lock', async () => {
    await writeLock(foreignLock({ pid: await deadPid() }));
    const takers = await Promise.all(Array.from({ length: 4 }, () => startTaker()));
    // All of them loaded and waiting: let them go together.
    for (const taker of takers) taker.child.stdin?.write('go\n');
    const outcomes = await Promise.all(takers.map((taker) => taker.outcome));
    expect(outcomes.filter((outcome) => outcome === 'held')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(3);
    const holder = takers[outcomes.indexOf('held')];
    expect(JSON.parse(await readFile(lockPath(dir), 'utf8')).pid).toBe(holder?.child.pid);
    for (const taker of takers) taker.child.stdin?.end();
  });

  it('refuses while another process that holds it runs, naming that process', async () => {
    const pid = await liveProcess();
    await writeLock(foreignLock({ pid }));
    const result = await acquireLock(dir, claim);
    expect(result).toMatchObject({ held: false, holder: { pid, command: 'creditline import invoices' } });
    if (!result.held) {
      const error = new EmbeddedDatabaseInUseError(dir, result.holder, 'service');
      expect(error.message).toContain(
        `\`creditline import invoices\` (pid ${pid}, since 2026-11-26T11:00:00.000Z)`,
      );
      expect(error.message).toMatch(/Wait for it to finish, then start the service again\.$/);
    }
  });

  it('refuses a lock written on another machine, which it cannot check', async () => {
    await writeLock(foreignLock({ hostname: 'another-machine', role: 'service', httpPort: 3000 }));
    const result = await acquireLock(dir, claim);
    expect(result.held).toBe(false);
    if (!result.held) {
      const message = new EmbeddedDatabaseInUseError(dir, result.holder, 'service').message;
      expect(message).toContain(
        'a Creditline service (pid 1, HTTP port 3000, since 2026-11-26T11:00:00.000Z, on the machine another-machine)',
      );
      expect(message).toContain('Stop that service first');
      expect(message).toContain('DATABASE_URL');
    }
  });

  it('takes over a lock whose process has exited', async () => {
    await writeLock(foreignLock({ pid: await deadPid() }));
    expect(await readLiveLock(dir)).toBeUndefined();
    const result = await acquireLock(dir, claim);
    expect(result.held).toBe(true);
    if (result.held) await result.lock.release();
  });

  it('takes over a lock left by an earlier life of its own pid', async () => {
    await writeLock(foreignLock({ pid: process.pid, role: 'service' }));
    const result = await acquireLock(dir, claim);
    expect(result.held).toBe(true);
    if (result.held) await result.lock.release();
  });

  it('tells a recycled pid from its holder where the system gives start times', async () => {
    const pid = await liveProcess();
    await writeLock(foreignLock({ pid, pidStart: 'a-start-time-that-is-not-its-own' }));
    const result = await acquireLock(dir, claim);
    // /proc gives start times (Linux); elsewhere a live pid counts as the holder.
    expect(result.held).toBe(existsSync('/proc/self/stat'));
    if (result.held) await result.lock.release();
  });

  it('takes over a lock file that cannot be read', async () => {
    await writeFile(lockPath(dir), 'not json');
    const result = await acquireLock(dir, claim);
    expect(result.held).toBe(true);
    if (result.held) await result.lock.release();
  });
});
