import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('admin API authentication', () => {
  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer wrong-token-wrong-token' }],
    ['wrong scheme', { authorization: 'Basic dGVzdA==' }],
    ['token prefix only', { authorization: 'Bearer test-admin-token' }],
  ])('rejects %s with 401', async (_name, headers) => {
    const app = testApp(testDeps(database));
    const response = await app.request('/api/v1/companies', { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('answers 401 with a hint when no token is configured, even to a bearer', async () => {
    const app = testApp(testDeps(database, { config: loadConfig({ LOG_LEVEL: 'silent' }) }));
    const response = await app.request('/api/v1/companies', { headers: adminHeaders() });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toContain('ADMIN_API_TOKEN');
  });

  it('serves the OpenAPI document without a token', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it.each([
    '/api/v1/companies/openapi.json',
    '/api/v1/companies/00000000-0000-4000-8000-000000000000/openapi.json',
    '/api/v1/openapi.json/x',
    '/api/v1/x/openapi.json',
  ])('exempts only the exact document path: %s needs a token', async (path) => {
    const app = testApp(testDeps(database));
    const response = await app.request(path);
    expect(response.status).toBe(401);
  });

  it('accepts the configured token', async () => {
    const app = testApp(testDeps(database));
    expect((await app.request('/api/v1/companies', { headers: adminHeaders() })).status).toBe(200);
  });
});
