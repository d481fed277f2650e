// The lock file that gives an embedded database directory to one process. It records who holds the
// directory (pid, since when, a service or a command) and, for a service, where it serves the
// database to commands and the password for it. A lock whose process is gone is taken over.

import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { currentProcessMark, type Liveness, livenessOf } from './process.ts';

export const LOCK_FILE = 'creditline.lock';

const LockRecord = z.object({
  token: z.string().min(1),
  pid: z.number().int().positive(),
  pidStart: z.string().optional(),
  hostname: z.string(),
  role: z.enum(['service', 'command']),
  /** For a command, what was run ("creditline import invoices"). */
  command: z.string().optional(),
  startedAt: z.string(),
  /** The service's HTTP port, when it was configured with one. */
  httpPort: z.number().int().optional(),
  /** Where a service serves its database to commands. */
  serving: z.object({ host: z.string(), port: z.number().int(), password: z.string() }).optional(),
});
export type LockRecord = z.infer<typeof LockRecord>;
export type LockClaim = Pick<LockRecord, 'role' | 'command' | 'startedAt' | 'httpPort' | 'serving'>;

/** Tokens of the locks this process holds: a lock with our own pid and another token is an earlier life. */
const heldTokens = new Set<string>();

export interface HeldLock {
  record: LockRecord;
  release(): Promise<void>;
}

export type Acquired = { held: true; lock: HeldLock } | { held: false; holder: LockRecord };

export const lockPath = (dataDir: string) => join(dataDir, LOCK_FILE);

export function lockLiveness(record: LockRecord): Liveness {
  if (record.pid === process.pid && record.hostname === currentProcessMark().hostname)
    return heldTokens.has(record.token) ? 'alive' : 'gone';
  return livenessOf(record);
}

/** The current lock if its process still runs (or cannot be checked from here). */
export async function readLiveLock(dataDir: string): Promise<LockRecord | undefined> {
  const found = await readLock(lockPath(dataDir));
  return typeof found === 'object' && lockLiveness(found) !== 'gone' ? found : undefined;
}

export async function acquireLock(dataDir: string, claim: LockClaim): Promise<Acquired> {
  const record: LockRecord = { ...claim, ...currentProcessMark(), token: randomUUID() };
  const file = lockPath(dataDir);
  let unreadable = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await createExclusive(file, record)) return { held: true, lock: holding(file, record) };
    const found = await readLock(file);
    if (found === 'missing') continue;
    if (found === 'unreadable') {
      // A lock is written whole (linked into place), so an unreadable one is debris; give a writer
      // on a file system without hard links a moment all the same.
      if (++unreadable < 5) await pause(100);
      else await takeOver(file, found, record);
      continue;
    }
    if (lockLiveness(found) !== 'gone') return { held: false, holder: found };
    await takeOver(file, found, record);
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing hands`);
}

function holding(file: string, record: LockRecord): HeldLock {
  heldTokens.add(record.token);
  // process.exit (a shutdown that timed out, say) skips every await: leave no lock behind even then.
  const onExit = () => removeIfOurs(file, record.token);
  process.once('exit', onExit);
  return {
    record,
    async release() {
      process.off('exit', onExit);
      removeIfOurs(file, record.token);
      heldTokens.delete(record.token);
    },
  };
}

function removeIfOurs(file: string, token: string): void {
  try {
    const current = LockRecord.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (current.success && current.data.token === token) rmSync(file, { force: true });
  } catch {
    // Already gone, or never ours to remove.
  }
}

/**
 * Breaking a stale lock is itself guarded by a second lock file, so two processes that both saw the
 * same stale lock cannot each remove it and then remove each other's fresh one.
 */
async function takeOver(file: string, stale: LockRecord | 'unreadable', record: LockRecord): Promise<void> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(guard, record))) {
    const breaker = await readLock(guard);
    if (typeof breaker !== 'object' || lockLiveness(breaker) === 'gone') await rm(guard, { force: true });
    else await pause(50);
    return;
  }
  try {
    const now = await readLock(file);
    const unchanged =
      typeof stale === 'object' ? typeof now === 'object' && now.token === stale.token : now === stale;
    if (unchanged) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function readLock(file: string): Promise<LockRecord | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const parsed = LockRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Creates `file` with the record only if it does not exist, never leaving a half-written lock. */
async function createExclusive(file: string, record: LockRecord): Promise<boolean> {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const draft = `${file}.${record.token}.${Math.random().toString(36).slice(2)}`;
  // Owner-only: a service's lock holds the password to its database.
  await writeFile(draft, text, { mode: 0o600 });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // No hard links on this file system: an exclusive create, written in one call.
    try {
      await writeFile(file, text, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await rm(draft, { force: true });
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
