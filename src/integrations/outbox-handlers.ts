// Collects the outbox handlers of every integration that is switched on. Rows for an integration that
// is off stay pending (the dispatcher only claims targets it can deliver) until it is configured.

import { enabledIntegrations } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { OutboxHandlers } from '../services/outbox/handlers.ts';
import { hubspotOutboxHandlers } from './hubspot/outbox-handlers.ts';
import { slackOutboxHandlers } from './slack/outbox-handlers.ts';

export function buildOutboxHandlers(config: Config): OutboxHandlers {
  return {
    ...(enabledIntegrations(config).hubspot ? hubspotOutboxHandlers(config) : {}),
    ...(enabledIntegrations(config).slack ? slackOutboxHandlers(config) : {}),
  };
}
