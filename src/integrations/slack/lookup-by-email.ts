// Slack users.lookupByEmail over fetch: a timeout on every call, Retry-After honoured on 429, bounded
// retries for 5xx and network errors, none for Slack's own errors (e.g. users_not_found).

import { parseRetryAfter, retryDelayMs } from '../../domain/backoff.ts';
import { UpstreamError } from '../../domain/errors.ts';
import { sleep } from '../../lib/sleep.ts';

export interface SlackUserMatch {
  id: string;
  timeZone: string | null;
}

export interface SlackLookupOptions {
  apiUrl: string;
  token: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export async function lookupSlackUserByEmail(
  options: SlackLookupOptions,
  email: string,
): Promise<SlackUserMatch | null> {
  const url = new URL(
    'users.lookupByEmail',
    options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
  );
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
        body: new URLSearchParams({ email }).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch {
      if (attempt >= maxRetries) throw new UpstreamError('Slack users.lookupByEmail failed: network error');
      await sleep(retryDelayMs(attempt + 1, Math.random(), undefined, { baseMs: 500, maxMs: 10_000 }));
      continue;
    }
    if (response.status === 429 || response.status >= 500) {
      if (attempt >= maxRetries)
        throw new UpstreamError(`Slack users.lookupByEmail answered ${response.status}`);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), new Date());
      await sleep(retryDelayMs(attempt + 1, Math.random(), retryAfter, { baseMs: 500, maxMs: 30_000 }));
      continue;
    }
    const body = (await response.json().catch(() => null)) as {
      ok?: boolean;
      error?: string;
      user?: { id?: string; tz?: string };
    } | null;
    if (body?.ok && body.user?.id) return { id: body.user.id, timeZone: body.user.tz ?? null };
    if (body?.error === 'users_not_found') return null;
    throw new UpstreamError(`Slack users.lookupByEmail failed: ${body?.error ?? response.status}`);
  }
}
