// The one place the environment is read. Every variable is parsed here; a bad value stops the start
// with a single message naming every problem.

import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = optionalString.pipe(z.url().optional());

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

const HTTP_TIMEOUT_DEFAULTS = { request: 30_000, headers: 10_000, keepAlive: 5_000 } as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./.data'),
  SEED_DEMO: booleanFlag.optional(),
  PUBLIC_BASE_URL: optionalUrl,
  /**
   * Seeds the credit policy's base currency on first use. Unset: the HubSpot portal's company currency
   * when HubSpot is on and has been read, else USD. After that the policy's baseCurrency is the one in force.
   */
  BASE_CURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code')
      .optional(),
  ),
  ADMIN_API_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
  /** The app's client id; with the secret it lets `accessTokenInfo` ask HubSpot which scopes the token has. */
  HUBSPOT_CLIENT_ID: optionalString,
  HUBSPOT_API_BASE_URL: z.url().default('https://api.hubapi.com'),
  /**
   * One budget for every HubSpot call of the process. Unset, it follows the portal's own limit
   * (X-HubSpot-RateLimit-Max less headroom); set, it is fixed at this value (never above the portal's).
   */
  HUBSPOT_REQUESTS_PER_10S: optionalString.pipe(z.coerce.number<string>().int().positive().optional()),
  /** The search API allows 5 requests per second on top of the 10-second budget. */
  HUBSPOT_SEARCH_PER_SECOND: positiveInt.default(4),
  HUBSPOT_TIMEOUT_MS: positiveInt.default(30_000),
  HUBSPOT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(5),
  /** Incremental sync re-reads this much before the watermark, for search-index lag. */
  HUBSPOT_SYNC_OVERLAP_MS: z.coerce.number().int().min(0).default(120_000),
  HUBSPOT_INBOX_POLL_MS: positiveInt.default(2_000),
  /**
   * A sync run holds its slot for this long past its last renewal (renewed every third of it): a run
   * killed without a word frees the slot within this time.
   */
  HUBSPOT_SYNC_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** The HubSpot account id, for "Open in HubSpot" links in Slack; no link without it. */
  HUBSPOT_PORTAL_ID: optionalString.pipe(
    z.string().regex(/^\d+$/, 'must be the numeric HubSpot account id').optional(),
  ),
  SLACK_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  // The Node HTTP server (Workers set their own limits). A client that stalls is cut off instead of
  // holding a connection for Node's defaults (300 s for a request, 60 s for headers).
  /** Interface to listen on, e.g. 127.0.0.1 behind a local proxy; unset: every interface, IPv6 and IPv4. */
  HOST: optionalString,
  /** A whole request, headers and body, must arrive within this time (408 otherwise). */
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(HTTP_TIMEOUT_DEFAULTS.request),
  /** The request headers must arrive within this time; at most HTTP_REQUEST_TIMEOUT_MS. */
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(HTTP_TIMEOUT_DEFAULTS.headers),
  /** An idle keep-alive connection is closed after this time; keep it below a load balancer's idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(HTTP_TIMEOUT_DEFAULTS.keepAlive),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  OUTBOX_POLL_MS: positiveInt.default(1_000),
  OUTBOX_MAX_ATTEMPTS: positiveInt.default(8),
  OUTBOX_BATCH_SIZE: positiveInt.default(50),
  JOBS_ENABLED: booleanFlag.default(true),
});

/** Rules across variables, checked on the raw environment so they are reported with the others. */
export function pairingProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(env[name]?.trim());
  const problems: string[] = [];
  if (set('SLACK_BOT_TOKEN') !== set('SLACK_SIGNING_SECRET')) {
    const missing = set('SLACK_BOT_TOKEN') ? 'SLACK_SIGNING_SECRET' : 'SLACK_BOT_TOKEN';
    problems.push(`${missing}: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set together`);
  }
  // Node refuses to start a server whose headers may take longer than the whole request.
  const headersMs = Number(env.HTTP_HEADERS_TIMEOUT_MS?.trim() || HTTP_TIMEOUT_DEFAULTS.headers);
  const requestMs = Number(env.HTTP_REQUEST_TIMEOUT_MS?.trim() || HTTP_TIMEOUT_DEFAULTS.request);
  if (headersMs > requestMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return problems;
}

export type Config = z.infer<typeof configSchema>;

/** Variables whose values never reach a log line. */
export const SECRET_KEYS = [
  'DATABASE_URL',
  'ADMIN_API_TOKEN',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
] as const satisfies readonly (keyof Config)[];
