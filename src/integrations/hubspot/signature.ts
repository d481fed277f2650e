// HubSpot request signatures, version 3: base64(HMAC-SHA256(clientSecret, method + uri + body +
// timestamp)), where the URI has HubSpot's listed percent-escapes decoded, and requests older than five
// minutes are refused. Used for webhooks and app card fetches.

import { constantTimeEqual, hmacSha256, toBase64 } from '../../lib/crypto.ts';

export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** Decodes exactly the escapes HubSpot's documentation lists; everything else stays as sent. */
export function decodeSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (sequence) => DECODED[sequence.toUpperCase()] ?? sequence,
  );
}

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called: scheme, host, path and query. */
  uri: string;
  body: string;
  /** X-HubSpot-Request-Timestamp, epoch milliseconds as sent. */
  timestamp: string;
}

export async function signHubspotV3(secret: string, request: SignedRequest): Promise<string> {
  const source = `${request.method.toUpperCase()}${decodeSignedUri(request.uri)}${request.body}${request.timestamp}`;
  return toBase64(await hmacSha256(secret, source));
}

export type SignatureVerdict = 'valid' | 'missing' | 'stale' | 'mismatch';

export async function verifyHubspotV3(
  secret: string,
  request: SignedRequest & { signature: string | undefined },
  now: Date,
): Promise<SignatureVerdict> {
  if (!request.signature || !/^\d{10,16}$/.test(request.timestamp)) return 'missing';
  if (Math.abs(now.getTime() - Number(request.timestamp)) > SIGNATURE_MAX_AGE_MS) return 'stale';
  const expected = await signHubspotV3(secret, request);
  return constantTimeEqual(expected, request.signature) ? 'valid' : 'mismatch';
}
