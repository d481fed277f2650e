// Every admin API route answers what its OpenAPI document says: real responses over seeded data,
// reads and writes, successes and problems, are validated against the published schemas with no
// undocumented field allowed.

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../../src/db/schema/index.ts';
import { systemActor } from '../../../src/services/context.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { claimSyncRun } from '../../../src/services/sync/run.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { ContractChecker } from '../../support/openapi-contract.ts';

let database: TestDatabase;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof testApp>;
let contract: ContractChecker;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await seedDemo({ ctx: { ...deps, actor: systemActor('test'), now: deps.clock.now() } });
  app = testApp(deps);
  contract = new ContractChecker(await (await app.request('/api/v1/openapi.json')).json());
});
afterAll(async () => database?.close());

const send = (method: string, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    headers: adminHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function call<T>(
  method: string,
  template: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<T> {
  const response = await send(method, path, body);
  expect(response.status, await response.clone().text()).toBe(status);
  return (await contract.check(method, template, response)) as T;
}

interface Page {
  data: { id: string; name: string; creditProfile: { explanation: unknown } | null }[];
}

describe('admin API contract', () => {
  let companyId = '';

  it('reads: companies, credit, flags, invoices, metrics, policy, owners, sync runs, outbox', async () => {
    const page = await call<Page>('get', '/companies', '/companies?limit=200');
    expect(page.data.length).toBeGreaterThan(10);
    // A company with a computed profile and flags, so the explanation and facts are checked too.
    const flagged = await database.db.execute(
      sql`select company_id from risk_flags where cleared_at is null group by company_id order by count(*) desc limit 1`,
    );
    const rows = Array.isArray(flagged) ? flagged : (flagged as { rows: { company_id: string }[] }).rows;
    companyId = String((rows[0] as { company_id: string } | undefined)?.company_id ?? page.data[0]?.id);
    expect(page.data.some((company) => company.creditProfile?.explanation)).toBe(true);

    await call('get', '/companies/{id}', `/companies/${companyId}`);
    const credit = await call<{ flags: unknown[] }>(
      'get',
      '/companies/{id}/credit',
      `/companies/${companyId}/credit`,
    );
    expect(credit.flags.length).toBeGreaterThan(0);
    await call('get', '/companies/{id}/flags', `/companies/${companyId}/flags`);
    await call('get', '/invoices', `/invoices?companyId=${companyId}`);
    await call('get', '/invoices', '/invoices?overdue=true&limit=5');
    await call('get', '/metrics', '/metrics');
    await call(
      'get',
      '/metrics/companies/{id}',
      `/metrics/companies/${companyId}?from=2026-01-01&to=2026-11-26`,
    );
    await call('get', '/policy', '/policy');
    await call('get', '/policy/versions', '/policy/versions');
    await call('get', '/policy/versions/{version}', '/policy/versions/1');
    await call('get', '/owners', '/owners');
    await claimSyncRun(testContext(deps), { mode: 'full' });
    await call('get', '/sync/runs', '/sync/runs');
    await call('get', '/outbox', '/outbox?limit=5');
  });

  it('writes: companies, deals, checks, limits, statements, applications, imports, owners, outbox, policy', async () => {
    const company = await call<{ id: string; creditProfile: unknown }>(
      'post',
      '/companies',
      '/companies',
      { name: 'Contract Test Ltd', segment: 'smb', externalId: 'contract-1', country: 'GB' },
      201,
    );
    expect(company.creditProfile).not.toBeNull();
    const created = await call<{ deal: { id: string }; check: { applies: boolean } }>(
      'post',
      '/deals',
      '/deals',
      { companyId: company.id, name: 'Big order', amountMinor: '50000000', stage: 'contractsent' },
      201,
    );
    expect(created.check.applies).toBe(true);
    await call('post', '/deals', '/deals', { companyId: company.id, name: 'Early', amountMinor: '100' }, 201);
    await call('post', '/deals/{id}/credit-check', `/deals/${created.deal.id}/credit-check`);
    await call('put', '/companies/{id}/credit-limit', `/companies/${company.id}/credit-limit`, {
      limitMinor: '2000000',
      reason: 'contract test',
    });
    await call(
      'post',
      '/companies/{id}/financials',
      `/companies/${company.id}/financials`,
      {
        periodEnd: '2025-12-31',
        currency: 'USD',
        items: {
          totalAssets: '1000000',
          totalLiabilities: '400000',
          workingCapital: '200000',
          retainedEarnings: '150000',
          ebit: '90000',
          sales: '1200000',
          bookEquity: '600000',
        },
      },
      201,
    );
    const application = (limit: string, name: string) => ({
      company: { name },
      requestedLimitMinor: limit,
      currency: 'USD',
      termsDays: 30,
      tradeReferences: [{ name: 'Supplier', daysBeyondTerms: 3 }],
    });
    await call(
      'post',
      '/credit-applications',
      '/credit-applications',
      application('100000', 'Small Co'),
      201,
    );
    await call(
      'post',
      '/credit-applications',
      '/credit-applications',
      application('90000000', 'Large Co'),
      201,
    );
    const row = {
      externalId: 'contract-inv-1',
      companyExternalId: 'contract-1',
      currency: 'USD',
      amount: '100.00',
      issuedOn: '2026-10-01',
      dueOn: '2026-10-31',
    };
    await call('post', '/invoices/batch', '/invoices/batch', { source: 'books', rows: [row] });
    await call('post', '/payments/batch', '/payments/batch', {
      source: 'books',
      dryRun: true,
      rows: [
        {
          externalId: 'pay-1',
          invoiceExternalId: 'contract-inv-1',
          currency: 'USD',
          amount: '10.00',
          receivedOn: '2026-11-01',
        },
      ],
    });
    const owners = await call<{ data: { id: string }[] }>('get', '/owners', '/owners');
    const ownerId = owners.data[0]?.id ?? '';
    await call('put', '/owners/{id}/slack-user', `/owners/${ownerId}/slack-user`, {
      slackUserId: 'U024BE7LH',
    });
    const [dead] = await database.db
      .insert(outbox)
      .values({
        target: 'slack.postMessage',
        payload: { text: 'x' },
        status: 'dead',
        nextAttemptAt: deps.clock.now(),
        createdAt: deps.clock.now(),
      })
      .returning({ id: outbox.id });
    await call('post', '/outbox/retry', '/outbox/retry', { ids: [String(dead?.id)] });
    const policy = await call<{ version: number; policy: Record<string, unknown> }>(
      'get',
      '/policy',
      '/policy',
    );
    await call('put', '/policy', '/policy', {
      policy: policy.policy,
      reason: 'contract test',
      expectedVersion: policy.version,
    });
  });

  it('problems: 400, 401, 404 and 409 are documented problem+json', async () => {
    await call('get', '/companies', '/companies?limit=0', undefined, 400);
    await call('get', '/companies/{id}', '/companies/00000000-0000-4000-8000-000000000000', undefined, 404);
    await call('post', '/companies', '/companies', { name: 'Again', externalId: 'contract-1' }, 409);
    await call('post', '/deals', '/deals', { companyId: companyId, name: 'x', amountMinor: '-1' }, 400);
    const unauthorized = await app.request('/api/v1/companies');
    expect(unauthorized.status).toBe(401);
    await contract.check('get', '/companies', unauthorized);
  });
});
