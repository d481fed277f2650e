import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditLog, financialStatements } from '../../../src/db/schema/index.ts';
import { recomputeCompanies } from '../../../src/services/credit/recompute.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeDeal, makeInvoice } from './factories.ts';

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

describe('credit API', () => {
  it('sets a limit, shows the profile with its explanation and flags, and the flag history', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db);
    await makeInvoice(database.db, company.id, { amountMinor: 300_000n, dueOn: '2026-11-16' }); // 10 days late
    const deps = testDeps(database);
    await database.db.transaction((tx) => recomputeCompanies(tx, testContext(deps), [company.id]));
    const limit = await app.request(
      `/api/v1/companies/${company.id}/credit-limit`,
      send('PUT', { limitMinor: '2000000', termsDays: 45, reason: 'approved by the credit committee' }),
    );
    expect(limit.status).toBe(200);
    const profile = await limit.json();
    expect(profile).toMatchObject({
      limitMinor: '2000000',
      currency: 'USD',
      limitSource: 'approved',
      termsDays: 45,
      exposureMinor: '300000',
      availableMinor: '1700000',
      nextReviewOn: '2027-11-26',
      policyVersion: 1,
    });
    expect(profile.explanation.factors.find((f: { factor: string }) => f.factor === 'overdueShare')).toEqual({
      factor: 'overdueShare',
      inputs: { overdueMinor: '300000', openMinor: '300000' },
      share: 0,
      points: 0,
      maxPoints: 20,
    });
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, company.id), eq(auditLog.action, 'credit_limit.set')));
    expect(audit?.reason).toBe('approved by the credit committee');

    const credit = await (
      await app.request(`/api/v1/companies/${company.id}/credit`, { headers: adminHeaders() })
    ).json();
    expect(credit.profile.score).toBe(profile.score);
    expect(credit.flags.map((f: { code: string }) => f.code).sort()).toEqual(['CONCENTRATION', 'OVERDUE']);
    const history = await (
      await app.request(`/api/v1/companies/${company.id}/flags`, { headers: adminHeaders() })
    ).json();
    // NO_CREDIT_LIMIT was raised before the limit was set and cleared by it.
    const noLimit = history.data.find((f: { code: string }) => f.code === 'NO_CREDIT_LIMIT');
    expect(noLimit.clearedAt).not.toBeNull();
  });

  it('records financial statements with the Altman variant the company calls for', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db, { isPublic: false, isManufacturer: true });
    const response = await app.request(
      `/api/v1/companies/${company.id}/financials`,
      send('POST', {
        periodEnd: '2025-12-31',
        currency: 'USD',
        items: {
          totalAssets: '62000000',
          totalLiabilities: '28000000',
          workingCapital: '9000000',
          retainedEarnings: '3000000',
          ebit: '5500000',
          sales: '44000000',
          bookEquity: '10000000',
        },
      }),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.altman).toMatchObject({ variant: "Z'", z: 1.279, zone: 'grey' });
    const [stored] = await database.db
      .select()
      .from(financialStatements)
      .where(eq(financialStatements.companyId, company.id));
    expect(stored?.altman).toMatchObject({ variant: "Z'", zone: 'grey', basis: { isManufacturer: true } });
    const credit = await (
      await app.request(`/api/v1/companies/${company.id}/credit`, { headers: adminHeaders() })
    ).json();
    const altman = credit.profile.explanation.factors.find((f: { factor: string }) => f.factor === 'altman');
    expect(altman).toMatchObject({
      inputs: { variant: "Z'", z: 1.279, zone: 'grey' },
      points: 5,
      maxPoints: 10,
    });
  });

  it('checks a deal through the API', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db);
    const deal = await makeDeal(database.db, company.id, { amountMinor: 5_000_000n, stage: 'closedwon' });
    const response = await app.request(`/api/v1/deals/${deal.id}/credit-check`, {
      method: 'POST',
      headers: adminHeaders(),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ dealId: deal.id, applies: true, status: 'hold', reason: 'over_available' });
    expect(body.approvalRequestId).toEqual(expect.any(String));
  });

  it('auto-approves a small application from a good applicant and sends a large one to approval', async () => {
    const app = testApp(testDeps(database));
    const good = await app.request(
      '/api/v1/credit-applications',
      send('POST', {
        company: { name: 'Prompt Payers Ltd', segment: 'smb' },
        requestedLimitMinor: '1500000',
        currency: 'USD',
        termsDays: 30,
        tradeReferences: [
          { name: 'Supplier A', daysBeyondTerms: 0 },
          { name: 'Supplier B', daysBeyondTerms: 2 },
        ],
      }),
    );
    expect(good.status).toBe(201);
    const approved = await good.json();
    expect(approved).toMatchObject({
      decision: 'auto_approved',
      suggestedLimitMinor: '1000000',
      approvalRequestId: null,
    });
    const credit = await (
      await app.request(`/api/v1/companies/${approved.companyId}/credit`, { headers: adminHeaders() })
    ).json();
    expect(credit.profile).toMatchObject({ limitMinor: '1500000', limitSource: 'approved', termsDays: 30 });

    const large = await app.request(
      '/api/v1/credit-applications',
      send('POST', {
        company: { name: 'Big Ask Inc', segment: 'enterprise' },
        requestedLimitMinor: '50000000',
        currency: 'USD',
        termsDays: 60,
      }),
    );
    const pending = await large.json();
    expect(pending).toMatchObject({ decision: 'pending_approval', suggestedLimitMinor: '20000000' });
    const [request] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.companyId, pending.companyId));
    expect(request).toMatchObject({
      kind: 'new_customer',
      status: 'pending',
      amountMinor: 50_000_000n,
      id: pending.approvalRequestId,
    });
  });

  it('serves portfolio and company metrics', async () => {
    const app = testApp(testDeps(database));
    const company = await makeCompany(database.db);
    await makeInvoice(database.db, company.id, {
      amountMinor: 100_000n,
      dueOn: '2026-12-15',
      issuedOn: '2026-11-15',
    });
    const response = await app.request(
      `/api/v1/metrics/companies/${company.id}?from=2026-11-01&to=2026-11-26`,
      {
        headers: adminHeaders(),
      },
    );
    expect(response.status).toBe(200);
    const metrics = await response.json();
    // 1,000.00 sold and still owed, not yet due, over a 26-day period.
    expect(metrics).toMatchObject({
      period: { from: '2026-11-01', to: '2026-11-26', days: 26 },
      creditSalesMinor: '100000',
      endingReceivablesMinor: '100000',
      dso: { standard: 26, bestPossible: 26, countback: 26 },
      averageDaysDelinquent: 0,
      aging: { current: '100000', d1_30: '0' },
    });
    const portfolio = await app.request('/api/v1/metrics', { headers: adminHeaders() });
    expect(portfolio.status).toBe(200);
    expect((await portfolio.json()).forecast.weeks).toHaveLength(12);
  });
});
