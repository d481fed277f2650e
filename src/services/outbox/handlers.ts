// The contract between the dispatcher and the adapters that deliver outbox rows.

import type { Db } from '../../db/types.ts';
import type { JsonValue } from '../../lib/json.ts';

/** Thrown by a handler to say whether the dispatcher should try again, and not before when. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface DeliveryMeta {
  id: bigint;
  attempt: number;
  rateKey: string | null;
  /** For follow-up writes after a delivery (e.g. storing the Slack message ts). */
  db: Db;
  now: Date;
}

export interface OutboxHandler {
  deliver(payload: unknown, meta: DeliveryMeta): Promise<JsonValue | undefined>;
  /** Minimum spacing between two deliveries that share a rate key (Slack: ~1 message/s per channel). */
  minIntervalMs?: number;
}

export type OutboxHandlers = Readonly<Record<string, OutboxHandler>>;
