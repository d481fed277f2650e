// What the doctor asks HubSpot, behind an interface so the check logic does not know HubSpot's paths.
// The HubSpot adapter fills it in; `hubspotDoctorProbe` is the one place that connects the two.

import type { Config } from '../../config/schema.ts';

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

/**
 * The probe for this deployment, or undefined while the HubSpot adapter offers none (the doctor then
 * reports its API checks as not run).
 */
export function hubspotDoctorProbe(_config: Config): HubspotDoctorProbe | undefined {
  return undefined;
}
