// Errors the HubSpot adapter raises. Callers branch on the class and fields, never on message text.

import { RateLimitedError, UpstreamError } from '../../domain/errors.ts';

/** The portal's daily request allowance is used up: further calls today will fail, so stop. */
export class HubspotDailyLimitError extends RateLimitedError {
  constructor() {
    super('HubSpot daily API limit reached; the run stopped and resumes from its saved cursor tomorrow');
  }
}

/** A response HubSpot will not change by retrying (4xx other than 429), or retries ran out. */
export class HubspotRequestError extends UpstreamError {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly category: string | null,
    readonly retryable: boolean,
    /** From the error body's `context.ids`, when HubSpot names the records it could not find. */
    readonly contextIds: string[] = [],
  ) {
    super(message, { httpStatus, category });
  }
}
