// POST /hubspot/webhooks: verifies X-HubSpot-Signature-v3 over the exact bytes received, records the
// events in the inbox, and answers at once. Processing happens in the inbox worker.

import { Hono } from 'hono';
import { serviceContext } from '../deps.ts';
import { UnauthorizedError, UnavailableError } from '../domain/errors.ts';
import type { HonoEnv } from '../http/env.ts';
import { verifyHubspotV3 } from '../integrations/hubspot/signature.ts';
import { systemActor } from '../services/context.ts';
import { recordHubspotWebhook } from '../services/webhooks/ingest.ts';

/** The URL HubSpot called: behind a proxy the public origin differs from the one we see. */
function signedUri(requestUrl: string, publicBaseUrl: string | undefined): string {
  const seen = new URL(requestUrl);
  const raw = requestUrl.slice(seen.origin.length);
  if (!publicBaseUrl) return requestUrl;
  // HubSpot signs the URL it called: the public origin plus any path prefix a proxy strips before us.
  const base = new URL(publicBaseUrl);
  return `${base.origin}${base.pathname.replace(/\/$/, '')}${raw}`;
}

export function hubspotWebhookRoutes() {
  const app = new Hono<HonoEnv>();
  app.post('/webhooks', async (c) => {
    const deps = c.get('deps');
    const secret = deps.config.HUBSPOT_CLIENT_SECRET;
    if (!secret) throw new UnavailableError('HubSpot is not configured (HUBSPOT_CLIENT_SECRET is not set)');
    const body = await c.req.text();
    const verdict = await verifyHubspotV3(
      secret,
      {
        method: c.req.method,
        uri: signedUri(c.req.url, deps.config.PUBLIC_BASE_URL),
        body,
        timestamp: c.req.header('x-hubspot-request-timestamp') ?? '',
        signature: c.req.header('x-hubspot-signature-v3'),
      },
      deps.clock.now(),
    );
    if (verdict !== 'valid') {
      c.get('logger').warn({ verdict }, 'HubSpot webhook rejected');
      throw new UnauthorizedError(`Invalid HubSpot signature (${verdict})`);
    }
    const ctx = serviceContext(deps, systemActor('hubspot-webhook'), {
      requestId: c.get('requestId'),
      logger: c.get('logger'),
    });
    const result = await recordHubspotWebhook({ ctx, input: { body } });
    return c.json(result, 200);
  });
  return app;
}
