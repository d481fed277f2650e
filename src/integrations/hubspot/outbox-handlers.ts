// Outbox handlers for HubSpot write-back and tasks. Errors become DeliveryErrors the dispatcher
// understands: retry 5xx/network/429 (after the daily reset for DAILY), give up on other 4xx.

import type { Config } from '../../config/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { createHubspotTask } from '../../services/hubspot/create-task.ts';
import { pushCreditValues } from '../../services/hubspot/push-credit.ts';
import { TARGETS } from '../../services/outbox/effects.ts';
import { DeliveryError, type OutboxHandler } from '../../services/outbox/handlers.ts';
import type { Crm } from '../crm.ts';
import { createHubspotCrm } from './client.ts';
import { HubspotDailyLimitError, HubspotRequestError } from './errors.ts';

function asDeliveryError(error: unknown): unknown {
  if (error instanceof HubspotDailyLimitError) return new DeliveryError(error.message, true, 60 * 60_000);
  if (error instanceof HubspotRequestError) return new DeliveryError(error.message, error.retryable);
  if (error instanceof ValidationError) return new DeliveryError(error.message, false);
  return error;
}

export function hubspotOutboxHandlers(
  config: Config,
  crm: Crm = createHubspotCrm(config),
): Record<string, OutboxHandler> {
  return {
    [TARGETS.hubspotCreditPush]: {
      async deliver(payload, meta) {
        try {
          return { ...(await pushCreditValues({ db: meta.db, crm, now: meta.now, payload })) };
        } catch (error) {
          throw asDeliveryError(error);
        }
      },
    },
    [TARGETS.hubspotTask]: {
      async deliver(payload, meta) {
        try {
          return toJsonSafe(await createHubspotTask({ db: meta.db, crm, payload }));
        } catch (error) {
          throw asDeliveryError(error);
        }
      },
    },
  };
}
