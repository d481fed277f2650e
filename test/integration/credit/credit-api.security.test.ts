import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const id = '00000000-0000-4000-8000-000000000000';
const routes: [string, string][] = [
  ['GET', '/api/v1/policy'],
  ['PUT', '/api/v1/policy'],
  ['GET', '/api/v1/policy/versions'],
  ['GET', `/api/v1/companies/${id}/credit`],
  ['GET', `/api/v1/companies/${id}/flags`],
  ['PUT', `/api/v1/companies/${id}/credit-limit`],
  ['POST', `/api/v1/companies/${id}/financials`],
  ['POST', `/api/v1/deals/${id}/credit-check`],
  ['POST', '/api/v1/credit-applications'],
  ['GET', '/api/v1/metrics'],
  ['GET', `/api/v1/metrics/companies/${id}`],
];

describe('credit API security', () => {
  it('answers 401 without a token, and with a wrong one', async () => {
    const app = testApp(testDeps(database));
    for (const [method, path] of routes) {
      const none = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? null : '{}',
      });
      expect(none.status, `${method} ${path}`).toBe(401);
      const wrong = await app.request(path, {
        method,
        headers: { authorization: 'Bearer not-the-admin-token-at-all' },
      });
      expect(wrong.status, `${method} ${path}`).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
  });

  it('documents every credit route in the OpenAPI document with bearer security', async () => {
    const app = testApp(testDeps(database));
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    for (const [method, path] of routes) {
      const template = path.replace(id, '{id}').replace('/api/v1', '');
      const operation = doc.paths[template]?.[method.toLowerCase()];
      expect(operation?.security, `${method} ${template}`).toEqual([{ bearer: [] }]);
    }
  });
});
