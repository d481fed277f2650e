import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditProfiles, financialStatements } from '../../../src/db/schema/index.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const send = (method: string, body: unknown) => ({
  method,
  headers: adminHeaders({ 'content-type': 'application/json' }),
  body: JSON.stringify(body),
});
const missing = '00000000-0000-4000-8000-000000000000';

describe('credit API errors', () => {
  it('answers 404 problems for unknown companies and deals', async () => {
    const app = testApp(testDeps(database));
    for (const [path, init] of [
      [`/api/v1/companies/${missing}/credit`, { headers: adminHeaders() }],
      [`/api/v1/companies/${missing}/flags`, { headers: adminHeaders() }],
      [`/api/v1/companies/${missing}/credit-limit`, send('PUT', { limitMinor: '100', reason: 'x' })],
      [`/api/v1/deals/${missing}/credit-check`, { method: 'POST', headers: adminHeaders() }],
      [`/api/v1/metrics/companies/${missing}`, { headers: adminHeaders() }],
      ['/api/v1/policy/versions/999', { headers: adminHeaders() }],
    ] as const) {
      const response = await app.request(path, init);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('rejects bad limits and changes nothing', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db);
    for (const body of [
      { limitMinor: '12.50', reason: 'fraction' },
      { limitMinor: '-100', reason: 'negative' },
      { limitMinor: '100' },
      { limitMinor: '100', currency: 'usd', reason: 'lower-case currency' },
    ]) {
      const response = await app.request(`/api/v1/companies/${company.id}/credit-limit`, send('PUT', body));
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      await database.db.select().from(creditProfiles).where(eq(creditProfiles.companyId, company.id)),
    ).toHaveLength(0);
  });

  it('asks for the market value of equity when the company calls for the original Z', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db, { isPublic: true, isManufacturer: true });
    const response = await app.request(
      `/api/v1/companies/${company.id}/financials`,
      send('POST', {
        periodEnd: '2025-12-31',
        currency: 'USD',
        items: {
          totalAssets: '100',
          totalLiabilities: '50',
          workingCapital: '10',
          retainedEarnings: '10',
          ebit: '10',
          sales: '100',
          bookEquity: '50',
        },
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(/market value of equity/);
    expect(
      await database.db
        .select()
        .from(financialStatements)
        .where(eq(financialStatements.companyId, company.id)),
    ).toHaveLength(0);
  });

  it('rejects a credit application naming both an existing and a new company, or neither', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db);
    const base = { requestedLimitMinor: '100', currency: 'USD', termsDays: 30 };
    const both = await app.request(
      '/api/v1/credit-applications',
      send('POST', { ...base, companyId: company.id, company: { name: 'Other' } }),
    );
    expect(both.status).toBe(400);
    const neither = await app.request('/api/v1/credit-applications', send('POST', base));
    expect(neither.status).toBe(400);
  });

  it('rejects a metrics period that ends before it starts', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request('/api/v1/metrics?from=2026-11-20&to=2026-11-01', {
      headers: adminHeaders(),
    });
    expect(response.status).toBe(400);
  });
});
