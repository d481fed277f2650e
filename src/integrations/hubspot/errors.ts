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
    /** HubSpot's own `message`, for the people who read it (never parsed). */
    readonly hubspotMessage: string | null = null,
  ) {
    super(message, { httpStatus, category });
  }
}

/** HubSpot refused a call because the app was not granted a scope it needs (403 MISSING_SCOPES). */
export class HubspotMissingScopesError extends HubspotRequestError {
  constructor(
    message: string,
    /** From `context.requiredGranularScopes` (or inside `errors[]`): any one of them would do. */
    readonly requiredScopes: string[],
  ) {
    super(message, 403, 'MISSING_SCOPES', false);
  }
}

/** HubSpot answered 2xx with a body that is not the documented shape: nothing is guessed from it. */
export class HubspotResponseError extends UpstreamError {}
