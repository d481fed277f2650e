// Slack request signing (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the signing secret,
// sent as `X-Slack-Signature: v0=<hex>`. Requests outside a five-minute window either way are refused,
// so a captured request cannot be replayed later.

import { constantTimeEqual, hmacSha256Signer, toHex } from '../../lib/crypto.ts';

export const SLACK_SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureVerdict = 'valid' | 'missing_headers' | 'stale' | 'mismatch';

// One imported key per secret: a deployment has one, tests a handful.
const signers = new Map<string, (message: string) => Promise<Uint8Array>>();

export async function slackSignature(secret: string, timestamp: string, rawBody: string): Promise<string> {
  let sign = signers.get(secret);
  if (!sign) {
    sign = hmacSha256Signer(secret);
    signers.set(secret, sign);
  }
  return `v0=${toHex(await sign(`v0:${timestamp}:${rawBody}`))}`;
}

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

export async function verifySlackSignature(
  secret: string,
  request: SignedRequest,
  now: Date,
): Promise<SignatureVerdict> {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing_headers';
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SLACK_SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = await slackSignature(secret, timestamp, rawBody);
  return constantTimeEqual(expected, signature) ? 'valid' : 'mismatch';
}
