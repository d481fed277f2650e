// What every verb receives: who acts, when, and where to read and write.

import type { Config } from '../config/schema.ts';
import type { Db } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export interface Actor {
  kind: 'admin' | 'slack' | 'hubspot' | 'system';
  /** Stable id within its kind: a Slack user id, a job name, 'api-token'. */
  id: string;
}

export interface ServiceContext {
  db: Db;
  config: Config;
  logger: Logger;
  actor: Actor;
  /** The request time or the job's fire time: what the verb decides by. */
  now: Date;
  /**
   * The same injected clock that gave `now`, for work that lasts (a sync's heartbeats and pages). There
   * is no other clock: never `new Date()` or the database's now() for a time that means something.
   */
  clock: Clock;
  requestId?: string;
}

export function actorLabel(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

export const systemActor = (job: string): Actor => ({ kind: 'system', id: job });
