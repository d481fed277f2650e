import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../../src/integrations/slack/outbox-handlers.ts';

describe('classifying Slack delivery failures', () => {
  it('retries rate limits (after Retry-After), 5xx and network errors', () => {
    expect(classify({ code: ErrorCode.RateLimitedError, retryAfter: 7, message: 'limited' })).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classify({ code: ErrorCode.HTTPError, statusCode: 503 }).retryable).toBe(true);
    expect(classify({ code: ErrorCode.RequestError }).retryable).toBe(true);
  });

  it('does not retry a 4xx, a refusal Slack will repeat, or a failure of our own', () => {
    expect(classify({ code: ErrorCode.HTTPError, statusCode: 400 }).retryable).toBe(false);
    expect(classify({ code: ErrorCode.PlatformError, data: { error: 'channel_not_found' } }).retryable).toBe(
      false,
    );
    expect(classify(new TypeError('cannot read properties of undefined')).retryable).toBe(false);
  });
});
