// POST /companies and POST /deals: customers and deals created without HubSpot are validated, audited,
// get a credit profile at once, and deals are credit-checked exactly as synced deals are.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditLog, deals } from '../../../src/db/schema/index.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { rowCounts } from '../../support/row-counts.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(testDeps(database));
});
afterAll(async () => database?.close());

const post = (path: string, body: unknown) =>
  app.request(`/api/v1${path}`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json', 'x-request-id': 'create-test' }),
    body: JSON.stringify(body),
  });

interface Company {
  id: string;
  name: string;
  currency: string;
  hubspotId: string | null;
  creditProfile: { limitMinor: string; limitSource: string; availableMinor: string; score: number | null };
}
interface Created {
  deal: { id: string; creditStatus: string; currency: string; amountMinor: string };
  check: {
    applies: boolean;
    status?: string;
    reason?: string;
    why?: string;
    approvalRequestId: string | null;
  };
}

async function newCompany(body: Record<string, unknown> = {}): Promise<Company> {
  const response = await post('/companies', { name: `Acme ${Math.random()}`, segment: 'smb', ...body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Company;
}

const auditOf = (entityId: string) =>
  database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);

describe('POST /api/v1/companies', () => {
  it('creates a customer with the policy default limit for its segment, audited', async () => {
    const company = await newCompany({ name: '  Northwind Traders  ', country: 'GB', externalId: 'nw-1' });
    expect(company.name).toBe('Northwind Traders');
    expect(company.hubspotId).toBeNull();
    expect(company.currency).toBe('USD');
    expect(company.creditProfile).toMatchObject({
      limitMinor: '1000000',
      limitSource: 'policy_default',
      availableMinor: '1000000',
    });
    expect(company.creditProfile.score).not.toBeNull();
    const [audit] = await auditOf(company.id);
    expect(audit).toMatchObject({
      action: 'company.create',
      actor: 'admin:api-token',
      requestId: 'create-test',
    });
    expect(audit?.after).toMatchObject({ name: 'Northwind Traders', externalId: 'nw-1' });
  });

  it('refuses a second company with the same externalId (409) and writes nothing', async () => {
    await newCompany({ externalId: 'dup-1' });
    const before = await rowCounts(database.db);
    const response = await post('/companies', { name: 'Other', externalId: 'dup-1' });
    expect(response.status).toBe(409);
    expect(await rowCounts(database.db)).toEqual(before);
  });

  it.each([
    ['no name', {}],
    ['a blank name', { name: '   ' }],
    ['a NUL in the name', { name: 'a\u0000b' }],
    ['a bad currency', { name: 'x', currency: 'usd' }],
    ['an owner that does not exist', { name: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s and writes nothing', async (_label, body) => {
    const before = await rowCounts(database.db);
    const response = await post('/companies', body);
    expect([400, 404]).toContain(response.status);
    expect(await rowCounts(database.db)).toEqual(before);
  });
});

describe('POST /api/v1/deals', () => {
  it('holds a deal over available credit in a checked stage and opens an approval request', async () => {
    const company = await newCompany();
    const response = await post('/deals', {
      companyId: company.id,
      name: 'Big order',
      amountMinor: '5000000',
      stage: 'contractsent',
    });
    expect(response.status).toBe(201);
    const { deal, check } = (await response.json()) as Created;
    expect(check).toMatchObject({ applies: true, status: 'hold', reason: 'over_available' });
    expect(deal).toMatchObject({ creditStatus: 'hold', currency: 'USD', amountMinor: '5000000' });
    const [request] = await database.db
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.dealId, deal.id), eq(approvalRequests.status, 'pending')));
    expect(request?.id).toBe(check.approvalRequestId);
    expect((await auditOf(deal.id)).map((entry) => entry.action)).toEqual([
      'deal.create',
      'deal.credit_check',
    ]);
  });

  it('passes a deal within available credit, and the deal counts in exposure', async () => {
    const company = await newCompany();
    const { deal, check } = (await (
      await post('/deals', {
        companyId: company.id,
        name: 'Small',
        amountMinor: '100000',
        stage: 'contractsent',
      })
    ).json()) as Created;
    expect(check).toMatchObject({ applies: true, status: 'ok', reason: 'within_available' });
    expect(deal.creditStatus).toBe('ok');
    const credit = (await (
      await app.request(`/api/v1/companies/${company.id}/credit`, { headers: adminHeaders() })
    ).json()) as { profile: { exposureMinor: string } };
    // contractsent counts 80% of the amount as committed exposure.
    expect(credit.profile.exposureMinor).toBe('80000');
  });

  it('does not check a deal in a stage the policy does not check', async () => {
    const company = await newCompany();
    const response = await post('/deals', { companyId: company.id, name: 'Lead', amountMinor: '9000000' });
    const { deal, check } = (await response.json()) as Created;
    expect(check).toEqual({
      dealId: deal.id,
      applies: false,
      why: 'stage_not_checked',
      approvalRequestId: null,
    });
    expect(deal.creditStatus).toBe('none');
  });

  it.each([
    ['an unknown company', { companyId: '00000000-0000-4000-8000-000000000000' }, 404],
    ['a negative amount', { amountMinor: '-1' }, 400],
    ['an amount beyond 64 bits', { amountMinor: '9223372036854775808' }, 400],
    ['an amount as a float', { amountMinor: 10.5 }, 400],
    ['a NUL in the stage', { stage: 'contract\u0000sent' }, 400],
  ])('refuses %s and writes nothing', async (_label, override, status) => {
    const company = await newCompany();
    const before = await rowCounts(database.db);
    const response = await post('/deals', {
      companyId: company.id,
      name: 'x',
      amountMinor: '100',
      ...override,
    });
    expect(response.status).toBe(status);
    expect(await rowCounts(database.db)).toEqual(before);
    expect(await database.db.select().from(deals).where(eq(deals.companyId, company.id))).toEqual([]);
  });
});
