// Every response is nosniff; API data is never cached; HTML may be framed by HubSpot only, and
// nothing else may be framed at all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(testDeps(database));
  // Stand-ins for the panel's pages: any HTML response gets the page policy without opting in.
  app.get('/panel/example', (c) => c.html('<!doctype html><title>panel</title>'));
  app.get('/panel/own-policy', (c) => {
    c.header('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
    return c.html('<p>own</p>');
  });
});
afterAll(async () => database?.close());

const frameAncestors = (response: Response) =>
  /frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];

describe('security headers', () => {
  it.each([
    ['health', '/healthz', {}],
    ['API data', '/api/v1/companies', adminHeaders()],
    ['API error', '/api/v1/companies?limit=0', adminHeaders()],
    ['refused token', '/api/v1/companies', {}],
    ['unknown route', '/nowhere', {}],
    ['OpenAPI document', '/api/v1/openapi.json', {}],
  ])('%s carries nosniff and may not be framed', async (_label, path, headers) => {
    const response = await app.request(path, { headers });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(frameAncestors(response)).toBe("'none'");
  });

  it.each([
    ['a page of data', '/api/v1/companies', adminHeaders(), 200],
    ['a validation problem', '/api/v1/companies?limit=0', adminHeaders(), 400],
    ['a refused token', '/api/v1/companies', {}, 401],
  ])('admin API answers with %s are never stored in a cache', async (_label, path, headers, status) => {
    const response = await app.request(path, { headers });
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the public OpenAPI document cacheable', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('lets HubSpot, and only HubSpot, frame an HTML page', async () => {
    const response = await app.request('/panel/example');
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(frameAncestors(response)?.split(' ').sort()).toEqual([
      'https://*.hubspot.com',
      'https://*.hubspotqa.com',
    ]);
    expect(response.headers.get('content-security-policy')).toContain("object-src 'none'");
    // X-Frame-Options cannot name HubSpot; it must not contradict the policy.
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps a policy a page sets itself', async () => {
    const response = await app.request('/panel/own-policy');
    expect(frameAncestors(response)).toBe("'none'");
  });
});
