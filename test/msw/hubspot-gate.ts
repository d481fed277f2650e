// What every request to the fake HubSpot portal passes before it is answered, as HubSpot does it:
// the rolling request limit (429 TEN_SECONDLY_ROLLING when enforced, X-HubSpot-RateLimit-* headers
// always), a bearer token, and the scope the call needs (403 MISSING_SCOPES when not granted). The
// scope of each path comes from the adapter's own table (src/integrations/hubspot/scopes.ts); a path
// the table does not know is a 500, so a call added without its scope fails a test.

import { readFileSync } from 'node:fs';
import { HttpResponse } from 'msw';
import { hubspotCallFor } from '../../src/integrations/hubspot/scopes.ts';

export const TEST_ACCESS_TOKEN = 'pat-na1-test-token';

/** The app's requiredScopes from the HubSpot project: what an install of the app is granted. */
export function projectScopes(): string[] {
  const path = new URL('../../hubspot/src/app/app-hsmeta.json', import.meta.url);
  const app = JSON.parse(readFileSync(path, 'utf8')) as { config: { auth: { requiredScopes: string[] } } };
  return app.config.auth.requiredScopes;
}

export interface RateLimit {
  max: number;
  intervalMs: number;
  /** Answer 429 beyond `max` in any rolling interval, as HubSpot does; off, it only reports. */
  enforce: boolean;
}

export function hubspotError(status: number, category: string, message: string, extra: object = {}) {
  return HttpResponse.json(
    { status: 'error', category, message, correlationId: '5f1ad1e4-8a47-4b7e-9b55-3c1b6d0d2f10', ...extra },
    { status },
  );
}

export function missingScopes(scope: string) {
  const needed = { requiredGranularScopes: [scope] };
  return hubspotError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call.",
    {
      errors: [{ message: 'One or more of the following scopes are required.', context: needed }],
      context: needed,
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

export class PortalGate {
  grantedScopes: Set<string>;
  rateLimit: RateLimit = { max: 190, intervalMs: 10_000, enforce: false };
  private readonly sent: number[] = [];

  constructor(
    readonly now: () => number,
    grantedScopes: Iterable<string>,
  ) {
    this.grantedScopes = new Set(grantedScopes);
  }

  /** Counts the request against the rolling window; a 429 when it is over an enforced limit. */
  count(): Response | undefined {
    const now = this.now();
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.rateLimit.intervalMs) this.sent.shift();
    this.sent.push(now);
    if (!this.rateLimit.enforce || this.sent.length <= this.rateLimit.max) return undefined;
    return HttpResponse.json(
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
        category: 'RATE_LIMITS',
      },
      { status: 429 },
    );
  }

  /** 401 without the token, 403 without the call's scope, 500 for a path the scope table lacks. */
  admit(request: Request): Response | undefined {
    const { pathname } = new URL(request.url);
    const call = hubspotCallFor(request.method, pathname);
    if (!call) return hubspotError(500, 'INTERNAL_ERROR', `no scope entry for ${request.method} ${pathname}`);
    if (call.scope === null) return undefined;
    if (request.headers.get('authorization') !== `Bearer ${TEST_ACCESS_TOKEN}`) {
      return hubspotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    }
    return this.grantedScopes.has(call.scope) ? undefined : missingScopes(call.scope);
  }

  /** HubSpot's rate headers; search responses go without them, as HubSpot's do. */
  headers(response: Response, request: Request): Response {
    // A network error (Response.error()) has no headers to set.
    if (response.type === 'error' || new URL(request.url).pathname.endsWith('/search')) return response;
    const remaining = Math.max(0, this.rateLimit.max - this.sent.length);
    response.headers.set('x-hubspot-ratelimit-max', String(this.rateLimit.max));
    response.headers.set('x-hubspot-ratelimit-remaining', String(remaining));
    response.headers.set('x-hubspot-ratelimit-interval-milliseconds', String(this.rateLimit.intervalMs));
    return response;
  }
}
