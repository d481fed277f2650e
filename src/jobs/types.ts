import type { AppDeps } from '../deps.ts';
import { type ServiceContext, systemActor } from '../services/context.ts';

export interface JobDefinition {
  /** Stable name; with the fire time it is the claim key that makes one replica run each fire. */
  name: string;
  /** Five-field cron in UTC. The same string goes to node-cron and to wrangler.toml. */
  cron: string;
  description: string;
  /** `now` is the scheduled fire time, so a retried fire decides the same things. */
  run(deps: JobDeps, now: Date): Promise<void>;
}

export interface JobDeps extends AppDeps {
  /** Delivers due outbox rows; present where a dispatcher is wired. */
  drainOutbox?: () => Promise<number>;
  /** Set where a long-running worker already works off the HubSpot inbox (Node). */
  hubspotInboxWorker?: boolean;
}

/** The context a job's verbs run in: the job acts as itself, as of its fire time. */
export function jobContext(deps: JobDeps, name: string, now: Date): ServiceContext {
  return {
    db: deps.db,
    config: deps.config,
    logger: deps.logger,
    actor: systemActor(name),
    now,
    clock: deps.clock,
  };
}
