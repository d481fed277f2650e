// One Slack Web API call over fetch, for the calls made outside Bolt and the outbox (owner lookups, the
// doctor): a timeout on every attempt, Retry-After honoured on 429, bounded retries for 5xx and network
// errors, none for Slack's own answers. `missing_scope` becomes SlackMissingScopeError.

import { parseRetryAfter, retryDelayMs } from '../../domain/backoff.ts';
import { UpstreamError } from '../../domain/errors.ts';
import { sleep } from '../../lib/sleep.ts';
import { SlackMissingScopeError } from './errors.ts';

export interface SlackCallOptions {
  apiUrl: string;
  token: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface SlackAnswer {
  /** The JSON body; `ok: false` answers (other than missing_scope) are returned for the caller to judge. */
  body: { ok?: boolean; error?: string } & Record<string, unknown>;
  /** The token's scopes from the `x-oauth-scopes` header; null when Slack sent none. */
  grantedScopes: string[] | null;
}

export async function callSlack(
  options: SlackCallOptions,
  method: string,
  params: Record<string, string>,
): Promise<SlackAnswer> {
  const url = new URL(method, options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const maxRetries = options.maxRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      if (attempt >= maxRetries) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
        throw new UpstreamError(`Slack ${method} failed: ${reason}`);
      }
      await sleep(retryDelayMs(attempt + 1, Math.random(), undefined, { baseMs: 500, maxMs: 10_000 }));
      continue;
    }
    if (response.status === 429 || response.status >= 500) {
      if (attempt >= maxRetries) throw new UpstreamError(`Slack ${method} answered ${response.status}`);
      // Only a relative wait is read from the header: the wall clock here never decides anything.
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), new Date());
      await sleep(retryDelayMs(attempt + 1, Math.random(), retryAfter, { baseMs: 500, maxMs: 30_000 }));
      continue;
    }
    const body = (await response.json().catch(() => null)) as SlackAnswer['body'] | null;
    if (!body) throw new UpstreamError(`Slack ${method} answered ${response.status} without JSON`);
    const grantedScopes = splitScopes(response.headers.get('x-oauth-scopes'));
    if (body.ok === false && body.error === 'missing_scope') {
      const needed = typeof body.needed === 'string' ? body.needed : 'unknown';
      const provided =
        typeof body.provided === 'string' ? (splitScopes(body.provided) ?? []) : (grantedScopes ?? []);
      throw new SlackMissingScopeError(method, needed, provided);
    }
    return { body, grantedScopes };
  }
}

function splitScopes(header: string | null): string[] | null {
  if (header === null) return null;
  return header
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
}
