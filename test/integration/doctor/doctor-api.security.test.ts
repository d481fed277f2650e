// GET /api/v1/doctor is for the admin only, and answers the typed report the OpenAPI document describes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, testApp, testConfig, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('GET /api/v1/doctor', () => {
  it('refuses a request without the admin token, or with a wrong one', async () => {
    const app = testApp(testDeps(database));
    const anonymous = await app.request('/api/v1/doctor');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await app.request('/api/v1/doctor', {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
  });

  it('is refused while the admin API is off', async () => {
    const config = testConfig({ ADMIN_API_TOKEN: '' });
    const response = await testApp(testDeps(database, { config })).request('/api/v1/doctor', {
      headers: adminHeaders(),
    });
    expect(response.status).toBe(401);
  });

  it('answers the admin with the report', async () => {
    const response = await testApp(testDeps(database)).request('/api/v1/doctor', { headers: adminHeaders() });
    expect(response.status).toBe(200);
    const report = await response.json();
    // No HubSpot and no Slack configured: two warnings, no error; the database and outbox are fine.
    expect(report).toMatchObject({
      status: 'warning',
      errors: 0,
      warnings: 2,
      checkedAt: '2026-11-26T12:00:00.000Z',
    });
    expect(report.checks).toEqual(
      expect.arrayContaining([
        { area: 'database', check: 'database.migrations', status: 'ok', message: expect.any(String) },
        {
          area: 'config',
          check: 'config.slack',
          status: 'warning',
          message: 'Slack is off: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set',
          fix: expect.stringContaining('manifest.json'),
        },
        { area: 'outbox', check: 'outbox.dead', status: 'ok', message: 'no dead letters' },
      ]),
    );
  });

  it('is in the OpenAPI document with its typed report', async () => {
    const document = await (await testApp(testDeps(database)).request('/api/v1/openapi.json')).json();
    const operation = document.paths['/doctor'].get;
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(operation.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/DoctorReport',
    });
    expect(document.components.schemas.DoctorCheck.properties.status.enum).toEqual([
      'ok',
      'warning',
      'error',
    ]);
  });
});
