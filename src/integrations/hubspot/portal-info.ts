// What an install check needs to know about the portal and the token: the account's details, and the
// scopes the access token was granted. HubSpot tells the scopes only through token introspection,
// which takes the app's client id and secret; without them the answer says why it cannot tell.

import { z } from 'zod';
import type { Config } from '../../config/schema.ts';
import type { CrmAccountDetails, CrmTokenInfo } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import { HubspotRequestError, HubspotResponseError } from './errors.ts';
import type { HubspotHttp } from './http.ts';

const AccountDetails = z.object({
  portalId: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  accountType: z.string(),
  companyCurrency: z.string(),
  timeZone: z.string(),
  uiDomain: z.string(),
});

/** The 2026-09 schema promises only `active`; earlier releases also listed `scopes`, which we read. */
const Introspection = z.object({
  active: z.boolean(),
  scopes: z.array(z.string()).optional(),
});

export async function accountDetails(http: HubspotHttp): Promise<CrmAccountDetails> {
  const { body } = await http.request({ method: 'GET', path: hubspotPaths.accountDetails() });
  const parsed = AccountDetails.safeParse(body);
  if (!parsed.success)
    throw new HubspotResponseError('HubSpot account details are not in the documented shape');
  return { ...parsed.data, portalId: String(parsed.data.portalId) };
}

export async function accessTokenInfo(http: HubspotHttp, config: Config): Promise<CrmTokenInfo> {
  const clientId = config.HUBSPOT_CLIENT_ID;
  const clientSecret = config.HUBSPOT_CLIENT_SECRET;
  const token = config.HUBSPOT_ACCESS_TOKEN;
  if (!clientId || !clientSecret || !token) {
    return {
      scopes: null,
      active: null,
      reason:
        'HubSpot tells a token’s scopes only to the app: set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET',
    };
  }
  let body: unknown;
  try {
    ({ body } = await http.request({
      method: 'POST',
      path: hubspotPaths.tokenIntrospection(),
      bearer: false,
      form: { client_id: clientId, client_secret: clientSecret, token, token_type_hint: 'access_token' },
    }));
  } catch (error) {
    if (!(error instanceof HubspotRequestError)) throw error;
    return { scopes: null, active: null, reason: `token introspection failed: ${error.message}` };
  }
  const parsed = Introspection.safeParse(body);
  if (!parsed.success) {
    return { scopes: null, active: null, reason: 'token introspection answered in an unknown shape' };
  }
  const { active, scopes } = parsed.data;
  if (!active) return { scopes: [], active: false };
  if (!scopes) {
    return {
      scopes: null,
      active: true,
      reason: 'token introspection says the token is active but lists no scopes',
    };
  }
  return { scopes, active: true };
}
