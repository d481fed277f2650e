// The Web API client used for outbox deliveries. It does not retry by itself: the outbox dispatcher
// owns retries (with backoff, Retry-After and dead letters), so a 429 surfaces here at once.

import { WebClient } from '@slack/web-api';
import type { Config } from '../../config/schema.ts';

export function deliveryClient(config: Config): WebClient {
  return new WebClient(config.SLACK_BOT_TOKEN, {
    slackApiUrl: config.SLACK_API_URL,
    timeout: 10_000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}
