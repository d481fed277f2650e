// Response headers that protect browsers reading what this service sends. Hono's secureHeaders sets
// the usual set (nosniff, no referrer, HSTS, …) on every response; framing is decided by what the
// response is: HTML pages (the credit panel) may be framed by HubSpot only, anything else by nobody.

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { HonoEnv } from './env.ts';

/** Where a page may be framed: HubSpot's app (and its QA portals) shows the panel inside a record. */
export const HUBSPOT_FRAME_ANCESTORS = ['https://*.hubspot.com', 'https://*.hubspotqa.com'] as const;

/** For HTML: resources from this origin only, no plugins, forms and base URL pinned, framed by HubSpot. */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${HUBSPOT_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/** For JSON and everything else that is not a page: nothing to load, nothing to frame it. */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Every response: secureHeaders' defaults, except X-Frame-Options, which cannot name HubSpot; the
 * Content-Security-Policy's frame-ancestors (set below) decides framing instead.
 */
export function baseSecurityHeaders(): MiddlewareHandler<HonoEnv> {
  return secureHeaders({ xFrameOptions: false });
}

/**
 * Sets the Content-Security-Policy by content type after the handler ran, so any HTML response (a
 * panel page, or an error page some library renders) gets the page policy without a route opting in.
 * A route that sets its own policy keeps it.
 */
export function contentSecurityPolicy(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    await next();
    if (c.res.headers.has('content-security-policy')) return;
    const type = c.res.headers.get('content-type') ?? '';
    const html = /^\s*(text\/html|application\/xhtml\+xml)/i.test(type);
    c.res.headers.set(
      'content-security-policy',
      html ? PAGE_CONTENT_SECURITY_POLICY : DATA_CONTENT_SECURITY_POLICY,
    );
  };
}
