// Signs Slack requests exactly as Slack does and sends them through the real app.

import { slackSignature } from '../../src/integrations/slack/signature.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-token';

export interface SignedOptions {
  /** Seconds since the epoch the request claims to be sent at. */
  timestamp: number;
  secret?: string;
  headers?: Record<string, string>;
}

export async function signedRequest(
  body: string,
  contentType: string,
  options: SignedOptions,
): Promise<RequestInit> {
  const timestamp = String(options.timestamp);
  return {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': await slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function interactionBody(payload: unknown): string {
  return formBody({ payload: JSON.stringify(payload) });
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
