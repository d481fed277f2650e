// Is the process that wrote a lock still running? A pid alone can be recycled (after a reboot, or in
// a restarted container where the service is pid 1 every time), so where the system tells a
// process's start time (/proc on Linux) the lock records it and the check compares it too.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessMark {
  pid: number;
  /** The start time of that pid in clock ticks since boot, where /proc tells it. */
  pidStart?: string | undefined;
  hostname: string;
}

export function currentProcessMark(): ProcessMark {
  return { pid: process.pid, pidStart: startOf(process.pid), hostname: hostname() };
}

/** 'elsewhere': the process ran on another machine (a shared directory), so it cannot be checked. */
export type Liveness = 'alive' | 'gone' | 'elsewhere';

/** For another process; the caller knows for itself which locks it holds. */
export function livenessOf(mark: ProcessMark): Liveness {
  if (mark.hostname !== hostname()) return 'elsewhere';
  if (!pidExists(mark.pid)) return 'gone';
  const start = startOf(mark.pid);
  if (mark.pidStart !== undefined && start !== undefined && start !== mark.pidStart) return 'gone';
  return 'alive';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (in parentheses, and it may hold spaces); starttime is field 22.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .at(19);
  } catch {
    return undefined;
  }
}
