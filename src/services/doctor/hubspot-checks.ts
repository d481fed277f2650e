// HubSpot: when the last webhook arrived (from the inbox), and through the probe: the token and its
// scopes against the app's requiredScopes, the company currency against the base currency, the portal's
// rate limit against the configured budget, and the Credit property group.

import { desc, eq } from 'drizzle-orm';
import hubspotApp from '../../../hubspot/src/app/app-hsmeta.json' with { type: 'json' };
import type { Config } from '../../config/schema.ts';
import { creditPolicies, inbox } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { withDeadline } from './deadline.ts';
import type { HubspotDoctorProbe, HubspotRateLimit } from './hubspot-probe.ts';
import { duration } from './outbox-checks.ts';
import { type DoctorCheck, error, ok, reason, warning } from './report.ts';

/** The scopes the HubSpot app asks for at install (hubspot/src/app/app-hsmeta.json). */
export const HUBSPOT_REQUIRED_SCOPES: readonly string[] = hubspotApp.config.auth.requiredScopes;

/** A portal this quiet is rare: more likely the webhook subscription or its target URL is wrong. */
const QUIET_WEBHOOKS_MS = 7 * 86_400_000;
const WEBHOOK_FIX =
  'check settings.targetUrl in hubspot/src/app/webhooks/webhooks-hsmeta.json (PUBLIC_BASE_URL + /hubspot/webhooks), then `hs project upload`';
const UPLOAD_FIX =
  'upload the project (`cd hubspot && hs project upload`) and accept the app’s scopes in HubSpot, then copy the new access token into HUBSPOT_ACCESS_TOKEN';

export async function hubspotChecks(
  config: Config,
  db: Db | null,
  now: Date,
  probe: HubspotDoctorProbe | undefined,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  if (!config.HUBSPOT_ACCESS_TOKEN) return [];
  const checks: DoctorCheck[] = [];
  if (db) checks.push(await lastWebhook(db, now));
  if (!probe) {
    checks.push(
      warning(
        'hubspot',
        'hubspot.api',
        'the HubSpot token, scopes, company currency, rate limit and Credit properties were not checked: this build has no HubSpot probe',
        'run `npx creditline hubspot setup`, which uses the token and fails with HubSpot’s reason if it is wrong',
      ),
    );
    return checks;
  }
  const ask = <T>(what: string, work: () => Promise<T>) =>
    withDeadline(work(), timeoutMs, `HubSpot (${what})`);
  try {
    const token = await ask('token', () => probe.accessTokenInfo());
    if (token.valid === null) {
      checks.push(
        warning(
          'hubspot',
          'hubspot.token',
          `HubSpot did not say which scopes the access token has (${token.reason})`,
          "compare the scopes on the HubSpot app's Auth tab with requiredScopes in hubspot/src/app/app-hsmeta.json",
        ),
      );
    } else if (!token.valid) {
      checks.push(
        error(
          'hubspot',
          'hubspot.token',
          `HubSpot refused the access token (${token.reason})`,
          "copy the access token from the HubSpot app's Auth tab into HUBSPOT_ACCESS_TOKEN",
        ),
      );
      // Every other call would be refused the same way.
      return checks;
    } else {
      checks.push(...scopeLines(token.scopes));
    }
  } catch (thrown) {
    checks.push(unanswered('hubspot.token', thrown));
    return checks;
  }
  checks.push(await currencyLine(config, db, () => ask('company currency', () => probe.companyCurrency())));
  checks.push(await rateLimitLine(config, () => ask('rate limit', () => probe.rateLimit())));
  checks.push(await creditGroupLine(() => ask('Credit properties', () => probe.creditPropertyGroups())));
  return checks;
}

async function lastWebhook(db: Db, now: Date): Promise<DoctorCheck> {
  const [row] = await db
    .select({ receivedAt: inbox.receivedAt })
    .from(inbox)
    .where(eq(inbox.source, 'hubspot'))
    .orderBy(desc(inbox.receivedAt))
    .limit(1);
  if (!row) {
    return warning('hubspot', 'hubspot.webhooks', 'no HubSpot webhook has been received yet', WEBHOOK_FIX);
  }
  const ageMs = Math.max(0, now.getTime() - row.receivedAt.getTime());
  const when = `${duration(ageMs)} ago (${row.receivedAt.toISOString()})`;
  return ageMs > QUIET_WEBHOOKS_MS
    ? warning('hubspot', 'hubspot.webhooks', `the last HubSpot webhook arrived ${when}`, WEBHOOK_FIX)
    : ok('hubspot', 'hubspot.webhooks', `the last HubSpot webhook arrived ${when}`);
}

function scopeLines(granted: readonly string[]): DoctorCheck[] {
  const missing = HUBSPOT_REQUIRED_SCOPES.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) {
    return [
      ok(
        'hubspot',
        'hubspot.token',
        `the access token works and has all ${HUBSPOT_REQUIRED_SCOPES.length} required scopes`,
      ),
    ];
  }
  return missing.map((scope) =>
    error('hubspot', 'hubspot.scope', `the HubSpot access token lacks "${scope}"`, UPLOAD_FIX),
  );
}

/** The base currency in force: the stored policy's, else BASE_CURRENCY; null when neither is set yet. */
async function baseCurrencyInForce(config: Config, db: Db | null): Promise<string | null> {
  if (db) {
    const [row] = await db
      .select({ body: creditPolicies.body })
      .from(creditPolicies)
      .orderBy(desc(creditPolicies.version))
      .limit(1);
    const base = (row?.body as { baseCurrency?: unknown } | undefined)?.baseCurrency;
    if (typeof base === 'string') return base;
  }
  return config.BASE_CURRENCY ?? null;
}

async function currencyLine(
  config: Config,
  db: Db | null,
  read: () => Promise<string>,
): Promise<DoctorCheck> {
  try {
    const currency = await read();
    const base = await baseCurrencyInForce(config, db);
    if (base === null) {
      return ok(
        'hubspot',
        'hubspot.currency',
        `the base currency will be the portal's company currency, ${currency}`,
      );
    }
    return currency === base
      ? ok('hubspot', 'hubspot.currency', `the portal's company currency is ${currency}, the base currency`)
      : warning(
          'hubspot',
          'hubspot.currency',
          `the portal's company currency is ${currency} but the base currency is ${base}`,
          `set baseCurrency to ${currency} in the credit policy (PUT /api/v1/policy) unless limits are meant in ${base}; other amounts convert through the day's rates`,
        );
  } catch (thrown) {
    return unanswered('hubspot.currency', thrown);
  }
}

async function rateLimitLine(
  config: Config,
  read: () => Promise<HubspotRateLimit | null>,
): Promise<DoctorCheck> {
  try {
    const limit = await read();
    if (!limit || limit.intervalMs <= 0) {
      return warning(
        'hubspot',
        'hubspot.rate_limit',
        'HubSpot sent no rate-limit headers, so the budget was not compared',
        'keep HUBSPOT_REQUESTS_PER_10S at 185 on Professional or Enterprise and 95 on Free or Starter',
      );
    }
    const per10s = Math.floor((limit.max * 10_000) / limit.intervalMs);
    const configured: number | undefined = config.HUBSPOT_REQUESTS_PER_10S;
    const budget = limit.budget ?? configured;
    if (budget === undefined) {
      return ok('hubspot', 'hubspot.rate_limit', `the budget follows the portal's ${per10s} per 10 s`);
    }
    const fix = `set HUBSPOT_REQUESTS_PER_10S=${Math.max(1, per10s - 5)}`;
    if (budget < per10s) {
      return ok(
        'hubspot',
        'hubspot.rate_limit',
        `the budget of ${budget} per 10 s is within the portal's ${per10s}`,
      );
    }
    return budget === per10s
      ? warning(
          'hubspot',
          'hubspot.rate_limit',
          `HUBSPOT_REQUESTS_PER_10S equals the portal's ${per10s} per 10 s: with no headroom, other apps' calls cause 429s`,
          fix,
        )
      : error(
          'hubspot',
          'hubspot.rate_limit',
          `HUBSPOT_REQUESTS_PER_10S is ${budget} but the portal allows ${per10s} per 10 s: calls will be refused with 429`,
          fix,
        );
  } catch (thrown) {
    return unanswered('hubspot.rate_limit', thrown);
  }
}

async function creditGroupLine(
  read: () => Promise<{ companies: boolean; deals: boolean }>,
): Promise<DoctorCheck> {
  try {
    const groups = await read();
    const missing = [groups.companies ? null : 'companies', groups.deals ? null : 'deals'].filter(Boolean);
    return missing.length === 0
      ? ok('hubspot', 'hubspot.credit_properties', 'the Credit property group exists on companies and deals')
      : error(
          'hubspot',
          'hubspot.credit_properties',
          `the Credit property group is missing on ${missing.join(' and ')}: credit values cannot be written back`,
          'run `npx creditline hubspot setup`',
        );
  } catch (thrown) {
    return unanswered('hubspot.credit_properties', thrown);
  }
}

function unanswered(check: string, thrown: unknown): DoctorCheck {
  return error(
    'hubspot',
    check,
    `HubSpot did not answer: ${reason(thrown)}`,
    'check HUBSPOT_API_BASE_URL and the access token, then run the doctor again',
  );
}
