// Names the process that holds a sync run, for a refusal a person can act on: the host and pid where
// the runtime has them (Node), and an id drawn once per process, which Workers isolates also have.

import { hostname } from 'node:os';

const INSTANCE = crypto.randomUUID().slice(0, 8);

export function processHolder(): string {
  let host = '';
  try {
    host = hostname();
  } catch {
    // Runtimes without an OS host name (Workers) are told apart by the instance id alone.
  }
  const pid = globalThis.process?.pid;
  const where = [host ? `host ${host}` : '', pid ? `pid ${pid}` : ''].filter(Boolean).join(' ');
  return where ? `${where} (instance ${INSTANCE})` : `instance ${INSTANCE}`;
}
