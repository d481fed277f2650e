import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, testApp, testConfig, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('admin API errors', () => {
  it('answers 404 problem+json for an unknown company', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request('/api/v1/companies/00000000-0000-4000-8000-000000000000', {
      headers: adminHeaders(),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('answers 400 with every invalid field named', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request('/api/v1/companies?limit=0&after=not-a-uuid', {
      headers: adminHeaders(),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; issues: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['after', 'limit']);
  });

  it('refuses a body over the size limit', async () => {
    const app = testApp(testDeps(database, { config: testConfig({ BODY_LIMIT_BYTES: '64' }) }));
    const response = await app.request('/api/v1/outbox/retry', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ids: Array.from({ length: 50 }, (_, i) => String(i + 1)) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });
});
