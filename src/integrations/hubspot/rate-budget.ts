// One request budget for every HubSpot call the process makes: a rolling window (the portal's burst
// limit, 10 s unless HubSpot's headers say otherwise), the search API's per-second window, pauses
// after a 429, and what HubSpot's X-HubSpot-RateLimit-* headers say is left. Callers wait their turn
// in arrival order. Unless a fixed budget was configured, the budget follows the limit the portal
// reports (190 on Professional and Enterprise, 100 on Free and Starter, more with a limit pack).

import type { Config } from '../../config/schema.ts';
import { sleep } from '../../lib/sleep.ts';
import { HubspotDailyLimitError } from './errors.ts';

export type RequestKind = 'standard' | 'search';

/** Kept below the portal's limit, for calls another process or a clock skew adds to the window. */
export const RATE_HEADROOM = 5;
/** The budget before any response has told the portal's limit: HubSpot's 190 less the headroom. */
export const DEFAULT_REQUESTS_PER_10S = 190 - RATE_HEADROOM;

export interface RateBudgetOptions {
  perTenSeconds: number;
  searchPerSecond: number;
  /** Take the budget from X-HubSpot-RateLimit-Max (less the headroom) once a response says it. */
  followPortal?: boolean;
  /** Monotonic milliseconds; tests may pass their own, together with `sleep`. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The portal's limit as the last response that carried the headers told it. */
export interface PortalRateLimit {
  max: number;
  intervalMs: number;
  remaining: number | null;
}

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;

export class RateBudget {
  private limit: number;
  private windowMs = TEN_SECONDS;
  private readonly configured: number;
  private readonly followPortal: boolean;
  private readonly searchLimit: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly window: number[] = [];
  private readonly searchWindow: number[] = [];
  private pausedUntil = 0;
  private dailyExhausted = false;
  private queue: Promise<void> = Promise.resolve();
  private portal: PortalRateLimit | null = null;

  constructor(options: RateBudgetOptions) {
    this.configured = options.perTenSeconds;
    this.limit = options.perTenSeconds;
    this.followPortal = options.followPortal ?? false;
    this.searchLimit = options.searchPerSecond;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleep;
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

  /** Requests the budget lets out per window now. */
  get perWindow(): number {
    return this.limit;
  }

  /** The portal's limit from the last response that carried it; null before any did. */
  portalLimit(): PortalRateLimit | null {
    return this.portal && { ...this.portal };
  }

  /**
   * Reads X-HubSpot-RateLimit-*, so the portal's own limit and another process sharing it are
   * accounted for. Search responses are left out of the burst limit: where they carry the headers,
   * they describe the search API's own per-second limit.
   */
  observe(headers: Headers, kind: RequestKind = 'standard'): void {
    if (numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining') === 0) this.dailyExhausted = true;
    if (kind !== 'standard') return;
    const max = numberHeader(headers, 'x-hubspot-ratelimit-max');
    const interval = numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds');
    const remaining = numberHeader(headers, 'x-hubspot-ratelimit-remaining');
    if (max !== undefined && max > 0) {
      const intervalMs = interval !== undefined && interval > 0 ? interval : this.windowMs;
      this.portal = { max, intervalMs, remaining: remaining ?? null };
      this.windowMs = intervalMs;
      const allowed = Math.max(1, max - RATE_HEADROOM);
      this.limit = this.followPortal ? allowed : Math.min(this.configured, allowed);
    }
    if (remaining !== undefined && remaining <= 0) this.pause(Math.min(this.windowMs, ONE_SECOND));
  }

  private async waitForSlot(kind: RequestKind): Promise<void> {
    for (;;) {
      if (this.dailyExhausted) throw new HubspotDailyLimitError();
      const now = this.now();
      drop(this.window, now - this.windowMs);
      drop(this.searchWindow, now - ONE_SECOND);
      let wait = this.pausedUntil - now;
      const oldest = this.window[0];
      if (this.window.length >= this.limit && oldest !== undefined) {
        wait = Math.max(wait, oldest + this.windowMs - now);
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
      await this.sleep(Math.ceil(wait));
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
      perTenSeconds: config.HUBSPOT_REQUESTS_PER_10S ?? DEFAULT_REQUESTS_PER_10S,
      followPortal: config.HUBSPOT_REQUESTS_PER_10S === undefined,
      searchPerSecond: config.HUBSPOT_SEARCH_PER_SECOND,
    });
    shared.set(key, budget);
  }
  return budget;
}
