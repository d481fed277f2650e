// What the doctor asks HubSpot, behind an interface so the check logic does not know HubSpot's paths.
// The HubSpot adapter fills it in; `hubspotDoctorProbe` is the one place that connects the two.

import type { Config } from '../../config/schema.ts';
import type { Crm } from '../../integrations/crm.ts';
import { createHubspotCrm } from '../../integrations/hubspot/client.ts';

export type HubspotTokenInfo =
  | { valid: true; scopes: readonly string[] }
  | { valid: false; reason: string }
  /** HubSpot could not be asked which scopes the token has (e.g. no way to introspect it). */
  | { valid: null; reason: string };

export interface HubspotRateLimit {
  /** Requests allowed per interval (X-HubSpot-RateLimit-Max). */
  max: number;
  /** The interval (X-HubSpot-RateLimit-Interval-Milliseconds). */
  intervalMs: number;
  /** Requests per interval this process allows itself, when the adapter sets it; else the configured one. */
  budget?: number;
}

export interface HubspotDoctorProbe {
  /** Whether HubSpot accepts the access token, and the scopes it was granted. */
  accessTokenInfo(): Promise<HubspotTokenInfo>;
  /** The portal's company currency (ISO 4217). */
  companyCurrency(): Promise<string>;
  /** The app's rate limit as HubSpot reports it; null when HubSpot sent no rate-limit headers. */
  rateLimit(): Promise<HubspotRateLimit | null>;
  /** Whether the "Credit" property group exists on companies and on deals. */
  creditPropertyGroups(): Promise<{ companies: boolean; deals: boolean }>;
}

/** The probe for this deployment: the HubSpot adapter's answers in the doctor's terms. */
export function hubspotDoctorProbe(config: Config, crm?: Crm): HubspotDoctorProbe | undefined {
  if (!config.HUBSPOT_ACCESS_TOKEN) return undefined;
  const hubspot = crm ?? createHubspotCrm(config);
  return {
    async accessTokenInfo() {
      const info = await hubspot.accessTokenInfo();
      if (info.scopes !== null) {
        return info.active
          ? { valid: true, scopes: info.scopes }
          : { valid: false, reason: 'HubSpot says the token is not active' };
      }
      if (info.active === false) return { valid: false, reason: info.reason };
      return { valid: null, reason: info.reason };
    },
    companyCurrency: () => hubspot.companyCurrency(),
    async rateLimit() {
      // The limit arrives in the headers of a response: ask for something cheap first if none came yet.
      if (!hubspot.rateLimit()) await hubspot.companyCurrency();
      const limit = hubspot.rateLimit();
      return limit ? { max: limit.max, intervalMs: limit.intervalMs, budget: limit.budget } : null;
    },
    async creditPropertyGroups() {
      const [companies, deals] = await Promise.all([
        hubspot.creditPropertyGroupExists('company'),
        hubspot.creditPropertyGroupExists('deal'),
      ]);
      return { companies, deals };
    },
  };
}
