// The refusal a process gets when another one holds the embedded database directory: it names that
// process (what it is, pid, port, since when) and says what to do instead. Nothing has been written.

import { hostname } from 'node:os';
import { ConflictError } from '../../domain/errors.ts';
import type { LockRecord } from './lock.ts';

export type Asker = 'service' | 'command';

export class EmbeddedDatabaseInUseError extends ConflictError {
  constructor(dataDir: string, holder: LockRecord, asker: Asker, reason?: string) {
    super(inUseMessage(dataDir, holder, asker, reason), { dataDir, pid: holder.pid, role: holder.role });
  }
}

function describeHolder(holder: LockRecord): string {
  const facts = [`pid ${holder.pid}`];
  if (holder.httpPort) facts.push(`HTTP port ${holder.httpPort}`);
  facts.push(`since ${holder.startedAt}`);
  if (holder.hostname !== hostname()) facts.push(`on the machine ${holder.hostname}`);
  const what = holder.role === 'service' ? 'a Creditline service' : `\`${holder.command ?? 'creditline'}\``;
  return `${what} (${facts.join(', ')})`;
}

function inUseMessage(dataDir: string, holder: LockRecord, asker: Asker, reason?: string): string {
  const opened = `The embedded database in ${dataDir} is open in ${describeHolder(holder)}`;
  const shared = 'or set DATABASE_URL to a PostgreSQL server, which any number of processes can share.';
  if (holder.role === 'command') {
    return asker === 'service'
      ? `${opened}. Wait for it to finish, then start the service again.`
      : `${opened}. Nothing was written. Wait for it to finish and run this command again.`;
  }
  if (asker === 'service') {
    return (
      `${opened}. One embedded database belongs to one process. Stop that service first ` +
      `(Ctrl-C in its terminal, or kill ${holder.pid}), start this one with another DATA_DIR, ${shared}`
    );
  }
  return (
    `${opened}, and it did not take this command${reason ? ` (${reason})` : ''}. Nothing was written. ` +
    'Stop the service and run the command again, use the admin API of the running service ' +
    `(docs/api.md), ${shared}`
  );
}
