// One request budget for every HubSpot call the process makes: a rolling 10-second window (the
// portal's burst limit), the search API's per-second window, pauses after a 429, and what HubSpot's
// X-HubSpot-RateLimit-* headers say is left. Callers wait their turn in arrival order.

import type { Config } from '../../config/schema.ts';
import { sleep } from '../../lib/sleep.ts';
import { HubspotDailyLimitError } from './errors.ts';

export type RequestKind = 'standard' | 'search';

export interface RateBudgetOptions {
  perTenSeconds: number;
  searchPerSecond: number;
  /** Monotonic milliseconds; tests may pass their own. */
  now?: () => number;
}

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;

export class RateBudget {
  private limit: number;
  private readonly searchLimit: number;
  private readonly now: () => number;
  private readonly window: number[] = [];
  private readonly searchWindow: number[] = [];
  private pausedUntil = 0;
  private dailyExhausted = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateBudgetOptions) {
    this.limit = options.perTenSeconds;
    this.searchLimit = options.searchPerSecond;
    this.now = options.now ?? (() => performance.now());
  }

  /** Resolves when a request may be sent, and counts it against the window(s). */
  acquire(kind: RequestKind): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(kind));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Nobody sends before `ms` from now (after a 429, or when the headers say the window is spent). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  markDailyExhausted(): void {
    this.dailyExhausted = true;
  }

  /** Reads X-HubSpot-RateLimit-* so another process sharing the portal's budget is accounted for. */
  observe(headers: Headers): void {
    const max = numberHeader(headers, 'x-hubspot-ratelimit-max');
    if (max !== undefined && max > 0 && max < this.limit) this.limit = Math.max(1, max - 5);
    const remaining = numberHeader(headers, 'x-hubspot-ratelimit-remaining');
    const interval = numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds') ?? TEN_SECONDS;
    if (remaining !== undefined && remaining <= 0) this.pause(Math.min(interval, ONE_SECOND));
    if (numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining') === 0) this.dailyExhausted = true;
  }

  private async waitForSlot(kind: RequestKind): Promise<void> {
    for (;;) {
      if (this.dailyExhausted) throw new HubspotDailyLimitError();
      const now = this.now();
      drop(this.window, now - TEN_SECONDS);
      drop(this.searchWindow, now - ONE_SECOND);
      let wait = this.pausedUntil - now;
      const oldest = this.window[0];
      if (this.window.length >= this.limit && oldest !== undefined) {
        wait = Math.max(wait, oldest + TEN_SECONDS - now);
      }
      const oldestSearch = this.searchWindow[0];
      if (kind === 'search' && this.searchWindow.length >= this.searchLimit && oldestSearch !== undefined) {
        wait = Math.max(wait, oldestSearch + ONE_SECOND - now);
      }
      if (wait <= 0) {
        this.window.push(now);
        if (kind === 'search') this.searchWindow.push(now);
        return;
      }
      await sleep(Math.ceil(wait));
    }
  }
}

function drop(window: number[], before: number): void {
  let count = 0;
  while (count < window.length && (window[count] ?? 0) <= before) count++;
  if (count > 0) window.splice(0, count);
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

const shared = new Map<string, RateBudget>();

/** The process-wide budget for one portal token: sync, write-back and tasks all draw from it. */
export function sharedRateBudget(config: Config): RateBudget {
  const key = `${config.HUBSPOT_API_BASE_URL}|${config.HUBSPOT_ACCESS_TOKEN ?? ''}`;
  let budget = shared.get(key);
  if (!budget) {
    budget = new RateBudget({
      perTenSeconds: config.HUBSPOT_REQUESTS_PER_10S,
      searchPerSecond: config.HUBSPOT_SEARCH_PER_SECOND,
    });
    shared.set(key, budget);
  }
  return budget;
}
