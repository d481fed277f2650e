// The budget takes the portal's limit from X-HubSpot-RateLimit-Max, less headroom, unless a fixed
// budget was configured; a fixed one is never allowed above the portal's limit.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REQUESTS_PER_10S,
  RateBudget,
  sharedRateBudget,
} from '../../../src/integrations/hubspot/rate-budget.ts';
import { hubspotConfig } from '../../support/hubspot.ts';

const limit = (max: number, interval = 10_000) =>
  new Headers({
    'x-hubspot-ratelimit-max': String(max),
    'x-hubspot-ratelimit-remaining': String(max - 1),
    'x-hubspot-ratelimit-interval-milliseconds': String(interval),
  });

describe('RateBudget', () => {
  it('follows the portal up and down, with the same headroom as the default', () => {
    const budget = new RateBudget({
      perTenSeconds: DEFAULT_REQUESTS_PER_10S,
      followPortal: true,
      searchPerSecond: 4,
    });
    expect(DEFAULT_REQUESTS_PER_10S).toBe(185);
    expect(budget.portalLimit()).toBeNull();
    budget.observe(limit(100));
    expect(budget.perWindow).toBe(95);
    budget.observe(limit(250));
    expect(budget.perWindow).toBe(245);
    expect(budget.portalLimit()).toEqual({ max: 250, intervalMs: 10_000, remaining: 249 });
  });

  it('keeps a fixed budget, lowered only when the portal allows less', () => {
    const budget = new RateBudget({ perTenSeconds: 50, searchPerSecond: 4 });
    budget.observe(limit(190));
    expect(budget.perWindow).toBe(50);
    const high = new RateBudget({ perTenSeconds: 185, searchPerSecond: 4 });
    high.observe(limit(100));
    expect(high.perWindow).toBe(95);
  });

  it('ignores the headers of search responses, which describe the search limit', () => {
    const budget = new RateBudget({ perTenSeconds: 185, followPortal: true, searchPerSecond: 4 });
    budget.observe(limit(5, 1_000), 'search');
    expect(budget.perWindow).toBe(185);
    expect(budget.portalLimit()).toBeNull();
  });

  it('follows the portal when HUBSPOT_REQUESTS_PER_10S is unset, and keeps a set value', () => {
    const following = sharedRateBudget(hubspotConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-follow' }));
    following.observe(limit(100));
    expect(following.perWindow).toBe(95);
    const fixed = sharedRateBudget(
      hubspotConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-fixed', HUBSPOT_REQUESTS_PER_10S: '60' }),
    );
    fixed.observe(limit(250));
    expect(fixed.perWindow).toBe(60);
    expect(() => hubspotConfig({ HUBSPOT_REQUESTS_PER_10S: '0' })).toThrow();
  });
});
