// Signs webhook requests exactly as HubSpot documents signature v3, independently of our verifier:
// base64(HMAC-SHA256(secret, method + uri + body + timestamp)) with node:crypto.

import { createHmac } from 'node:crypto';
import type { CreditlineApp } from '../../src/app.ts';

export function hubspotSignature(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
) {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

export interface DeliveryOptions {
  secret: string;
  now: Date;
  /** The URI HubSpot signs (after its documented decoding); defaults to the request URL. */
  signedUri?: string;
  url?: string;
  timestamp?: string;
}

export function deliver(app: CreditlineApp, body: string, options: DeliveryOptions) {
  const url = options.url ?? 'http://localhost/hubspot/webhooks';
  const timestamp = options.timestamp ?? String(options.now.getTime());
  const signature = hubspotSignature(options.secret, 'POST', options.signedUri ?? url, body, timestamp);
  return app.request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': timestamp,
    },
    body,
  });
}

let eventCounter = 1_000;

export function hubspotEvent(fields: Record<string, unknown>, occurredAt: number) {
  eventCounter++;
  return {
    eventId: eventCounter,
    subscriptionId: 2_100_000 + (eventCounter % 7),
    portalId: 62515,
    appId: 1160452,
    occurredAt,
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    ...fields,
  };
}
