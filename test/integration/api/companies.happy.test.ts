import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/services/context.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  const deps = testDeps(database);
  await seedDemo({ ctx: { ...deps, actor: systemActor('test'), now: deps.clock.now() } });
  app = testApp(deps);
});
afterAll(async () => database?.close());

interface CompanyPage {
  data: {
    id: string;
    name: string;
    domain: string;
    creditProfile: { limitMinor: string; exposureMinor: string } | null;
  }[];
  nextAfter: string | null;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await app.request(path, { headers: adminHeaders() });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

describe('GET /api/v1/companies', () => {
  it('pages through every company in name order without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: CompanyPage = await getJson(`/api/v1/companies?limit=20${after ? `&after=${after}` : ''}`);
      seen.push(...page.data.map((company) => company.name));
      after = page.nextAfter;
    } while (after);
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('searches by name or domain, case-insensitively', async () => {
    const byName = await getJson<CompanyPage>('/api/v1/companies?q=GLOBEX');
    expect(byName.data.length).toBeGreaterThan(0);
    expect(byName.data.every((company) => company.name.toLowerCase().includes('globex'))).toBe(true);
    const byDomain = await getJson<CompanyPage>('/api/v1/companies?q=initechindustries.example');
    expect(byDomain.data.map((company) => company.domain)).toEqual(['initechindustries.example']);
    const none = await getJson<CompanyPage>('/api/v1/companies?q=%25');
    expect(none.data).toEqual([]);
  });

  it('returns money as exact minor-unit strings', async () => {
    const page = await getJson<CompanyPage>('/api/v1/companies?limit=5');
    expect(page.data).toHaveLength(5);
    for (const company of page.data) {
      expect(company.creditProfile?.limitMinor).toMatch(/^\d+$/);
      expect(company.creditProfile?.exposureMinor).toMatch(/^-?\d+$/);
    }
  });
});

describe('GET /api/v1/companies/:id', () => {
  it('returns the company with contacts, deals, invoices and credit profile', async () => {
    const page = await getJson<CompanyPage>('/api/v1/companies?q=Stark');
    const id = page.data[0]?.id;
    const detail = await getJson<{
      name: string;
      contacts: unknown[];
      invoices: { balanceMinor: string; status: string }[];
      creditProfile: { exposureMinor: string };
    }>(`/api/v1/companies/${id}`);
    expect(detail.name).toContain('Stark');
    expect(detail.contacts.length).toBeGreaterThan(0);
    expect(detail.invoices.length).toBe(13);
    const open = detail.invoices.reduce((total, invoice) => total + BigInt(invoice.balanceMinor), 0n);
    expect(BigInt(detail.creditProfile.exposureMinor)).toBe(open);
  });
});

describe('GET /api/v1/invoices', () => {
  it('filters overdue invoices by the request date', async () => {
    const page = await getJson<{ data: { status: string; dueOn: string }[] }>(
      '/api/v1/invoices?overdue=true&limit=200',
    );
    expect(page.data.length).toBeGreaterThan(0);
    for (const invoice of page.data) {
      expect(invoice.status).toBe('open');
      expect(invoice.dueOn < '2026-11-26').toBe(true);
    }
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes every route as OpenAPI 3.1 with bearer security', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/companies', '/companies/{id}', '/invoices', '/outbox', '/outbox/retry']),
    );
  });
});
