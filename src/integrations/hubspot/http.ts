// HubSpot HTTP transport: bearer auth, a timeout on every call, the shared rate budget, 429 handling
// by policy (TEN_SECONDLY_ROLLING and SECONDLY wait, DAILY stops), bounded retries with jittered
// backoff for 5xx and network errors, and no retry for any other 4xx.

import { parseRetryAfter, retryDelayMs } from '../../domain/backoff.ts';
import { sleep } from '../../lib/sleep.ts';
import type { CrmRequestStats } from '../crm.ts';
import { HubspotDailyLimitError, HubspotMissingScopesError, HubspotRequestError } from './errors.ts';
import type { PortalRateLimit, RateBudget, RequestKind } from './rate-budget.ts';

export interface HubspotHttpOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  maxRetries: number;
  budget: RateBudget;
  random?: () => number;
}

export interface HubspotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | string[] | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of a JSON body. */
  form?: Record<string, string>;
  kind?: RequestKind;
  /** False for calls that carry the app's client credentials instead of the access token. */
  bearer?: boolean;
}

export interface HubspotResponse {
  status: number;
  body: unknown;
}

const BACKOFF = { baseMs: 500, maxMs: 20_000 };

export class HubspotHttp {
  readonly counters: CrmRequestStats = { requests: 0, retries: 0, rateLimited: 0, errors: 0 };
  private readonly random: () => number;

  constructor(private readonly options: HubspotHttpOptions) {
    this.random = options.random ?? Math.random;
  }

  async request(request: HubspotRequest): Promise<HubspotResponse> {
    const url = this.url(request);
    const init: RequestInit = {
      method: request.method,
      headers: {
        ...(request.bearer === false ? {} : { authorization: `Bearer ${this.options.accessToken}` }),
        accept: 'application/json',
        ...contentType(request),
      },
      ...encodedBody(request),
    };
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.options.maxRetries;
      await this.options.budget.acquire(request.kind ?? 'standard');
      this.counters.requests++;
      let response: Response;
      try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (error) {
        this.counters.errors++;
        const reason =
          error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
        if (!canRetry) {
          throw new HubspotRequestError(
            `HubSpot ${request.method} ${request.path} ${reason}`,
            null,
            null,
            true,
          );
        }
        await this.backoff(attempt);
        continue;
      }
      this.options.budget.observe(response.headers, request.kind ?? 'standard');
      const body = await readBody(response);
      if (response.ok) return { status: response.status, body };
      this.counters.errors++;
      if (response.status === 429) {
        this.counters.rateLimited++;
        const policy = field(body, 'policyName');
        if (policy === 'DAILY') {
          this.options.budget.markDailyExhausted();
          throw new HubspotDailyLimitError();
        }
        const retryAfter =
          parseRetryAfter(response.headers.get('retry-after'), new Date()) ??
          (policy === 'SECONDLY' ? 1_000 : 10_000);
        this.options.budget.pause(retryAfter);
        if (!canRetry) throw this.failure(request, response.status, body, true);
        this.counters.retries++;
        continue;
      }
      if (response.status >= 500) {
        if (!canRetry) throw this.failure(request, response.status, body, true);
        await this.backoff(attempt, parseRetryAfter(response.headers.get('retry-after'), new Date()));
        continue;
      }
      throw this.failure(request, response.status, body, false);
    }
  }

  private async backoff(attempt: number, retryAfterMs?: number): Promise<void> {
    this.counters.retries++;
    await sleep(retryDelayMs(attempt + 1, this.random(), retryAfterMs, BACKOFF));
  }

  /** The portal's rate limit as the last response told it (null before any response said). */
  portalRateLimit(): (PortalRateLimit & { budget: number }) | null {
    const limit = this.options.budget.portalLimit();
    return limit && { ...limit, budget: this.options.budget.perWindow };
  }

  private failure(request: HubspotRequest, status: number, body: unknown, retryable: boolean) {
    const category = field(body, 'category');
    const message = `HubSpot ${request.method} ${request.path} answered ${status}${category ? ` (${category})` : ''}`;
    if (status === 403 && category === 'MISSING_SCOPES') {
      const scopes = requiredScopes(body);
      return new HubspotMissingScopesError(
        `${message}: the app needs one of these scopes: ${scopes.join(', ') || 'unnamed'}`,
        scopes,
      );
    }
    return new HubspotRequestError(
      message,
      status,
      category,
      retryable,
      contextIds(body),
      field(body, 'message'),
    );
  }

  private url(request: HubspotRequest): string {
    const url = new URL(request.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    return url.toString();
  }
}

function contentType(request: HubspotRequest): Record<string, string> {
  if (request.form) return { 'content-type': 'application/x-www-form-urlencoded' };
  return request.body === undefined ? {} : { 'content-type': 'application/json' };
}

function encodedBody(request: HubspotRequest): { body?: string } {
  if (request.form) return { body: new URLSearchParams(request.form).toString() };
  return request.body === undefined ? {} : { body: JSON.stringify(request.body) };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function field(body: unknown, name: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** Record ids HubSpot names in an error body (`context.ids`, also inside `errors[]`). */
export function contextIds(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as { context?: { ids?: unknown }; errors?: unknown };
  const ids: string[] = [];
  const take = (context: { ids?: unknown } | undefined) => {
    if (Array.isArray(context?.ids)) for (const id of context.ids) ids.push(String(id));
  };
  take(record.context);
  if (Array.isArray(record.errors)) {
    for (const entry of record.errors) take((entry as { context?: { ids?: unknown } }).context);
  }
  return ids;
}

/** The scopes a 403 MISSING_SCOPES names (`context.requiredGranularScopes`, also inside `errors[]`). */
function requiredScopes(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  type Context = { context?: { requiredGranularScopes?: unknown } };
  const record = body as Context & { errors?: unknown };
  const scopes = new Set<string>();
  const take = (entry: Context | undefined) => {
    const named = entry?.context?.requiredGranularScopes;
    if (Array.isArray(named)) for (const scope of named) scopes.add(String(scope));
  };
  take(record);
  if (Array.isArray(record.errors)) for (const entry of record.errors) take(entry as Context);
  return [...scopes];
}
