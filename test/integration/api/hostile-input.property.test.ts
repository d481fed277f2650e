// Property: no input to an admin API route, with a valid token, gets a 5xx, and a refused request
// changes nothing. Every route of the published OpenAPI document is exercised with hostile path
// segments, query strings and bodies (NUL, lone surrogates, huge numbers, wrong types, deep nesting,
// empty and broken bodies), built around a valid request so the hostile part reaches deep.

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne } from '../../../src/db/rows.ts';
import { syncRuns } from '../../../src/db/schema/index.ts';
import { adminApi } from '../../../src/routes/api/index.ts';
import { systemActor } from '../../../src/services/context.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { ADMIN_TOKEN, adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import {
  brokenBodyText,
  hostileUrlPart,
  hostileVariant,
  hugeNumberText,
  looseEncode,
} from '../../support/hostile.ts';
import { hubspotConfig } from '../../support/hubspot.ts';
import { rowCounts } from '../../support/row-counts.ts';

const RUNS = 50;

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
/** POST /sync needs HubSpot configured to get past its configuration check; a run is kept running. */
let syncApp: ReturnType<typeof testApp>;
const ids: Record<string, string> = {};

interface Route {
  method: string;
  template: string;
  query: string[];
  hasBody: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

// The routes come from the published document, read before the tests are declared: one test each.
const doc = (await (
  await adminApi(ADMIN_TOKEN).request('/openapi.json', { headers: adminHeaders() })
).json()) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
};
const routes: Route[] = Object.entries(doc.paths).flatMap(([template, operations]) =>
  Object.entries(operations).map(([method, operation]) => ({
    method,
    template,
    query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    hasBody: operation.requestBody !== undefined,
  })),
);

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = testDeps(database);
  await seedDemo({ ctx: { ...deps, actor: systemActor('test'), now: deps.clock.now() } });
  app = testApp(deps);
  syncApp = testApp(testDeps(database, { config: hubspotConfig(), clock: deps.clock }));
  await database.db.insert(syncRuns).values({
    mode: 'incremental',
    objects: ['companies'],
    status: 'running',
    startedAt: deps.clock.now(),
    heartbeatAt: deps.clock.now(),
    // Held for the whole file: a sync started meanwhile must be refused, not take over.
    leaseUntil: new Date(deps.clock.now().getTime() + 86_400_000),
    holder: 'test',
  });
  const pick = async (table: string) =>
    String(
      (
        await queryOne<{ id: string }>(
          database.db,
          sql`select id::text as id from ${sql.identifier(table)} limit 1`,
        )
      )?.id,
    );
  ids.companies = await pick('companies');
  ids.deals = await pick('deals');
  ids.owners = await pick('owners');
});
afterAll(async () => database?.close());

/** Valid requests to mutate, by route; a route not listed starts from an empty object. */
const TEMPLATES: Record<string, () => unknown> = {
  'post /companies': () => ({ name: 'Hostile Co', segment: 'smb', currency: 'USD' }),
  'put /companies/{id}/credit-limit': () => ({ limitMinor: '100000', reason: 'review', termsDays: 30 }),
  'post /companies/{id}/financials': () => ({
    periodEnd: '2025-12-31',
    currency: 'USD',
    items: {
      totalAssets: '100',
      totalLiabilities: '50',
      workingCapital: '10',
      retainedEarnings: '5',
      ebit: '3',
      sales: '120',
      bookEquity: '50',
    },
  }),
  'post /deals': () => ({
    companyId: ids.companies,
    name: 'Deal',
    amountMinor: '1000',
    stage: 'contractsent',
  }),
  'post /credit-applications': () => ({
    company: { name: 'Applicant' },
    requestedLimitMinor: '1000',
    currency: 'USD',
    termsDays: 30,
    tradeReferences: [{ name: 'Ref', daysBeyondTerms: 1 }],
  }),
  'post /outbox/retry': () => ({ ids: ['1'] }),
  'put /policy': () => ({ policy: { baseCurrency: 'USD' }, reason: 'x', expectedVersion: 1 }),
  'post /invoices/batch': () => ({
    source: 'books',
    rows: [
      {
        externalId: 'h1',
        companyId: ids.companies,
        currency: 'USD',
        amount: '1.00',
        issuedOn: '2026-01-01',
        dueOn: '2026-02-01',
      },
    ],
  }),
  'post /payments/batch': () => ({
    source: 'books',
    rows: [
      {
        externalId: 'p1',
        invoiceExternalId: 'h1',
        currency: 'USD',
        amount: '1.00',
        receivedOn: '2026-01-05',
      },
    ],
  }),
  'put /owners/{id}/slack-user': () => ({ slackUserId: 'U024BE7LH' }),
  'post /sync': () => ({ mode: 'full', objects: ['companies'] }),
};

/** The id a path parameter of this route names: the record of the first path segment. */
function validParam(template: string, name: string): string {
  if (name === 'version') return '1';
  const resource = template.split('/')[1] ?? '';
  return ids[resource === 'metrics' ? 'companies' : resource] ?? ids.companies ?? '';
}

/**
 * A request to the route with one part hostile (path, query or body) and the rest valid, so the hostile
 * part is what the route must handle; sometimes everything at once.
 */
function requestFor(route: Route) {
  const params = [...route.template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const fill = (values: readonly string[]) =>
    params.reduce((text, name, index) => text.replace(`{${name}}`, values[index] ?? ''), route.template);
  const validPath = fill(params.map((name) => validParam(route.template, name)));
  const hostilePath = fc.tuple(...params.map(() => hostileUrlPart)).map(fill);
  const queryValue = fc.oneof(hostileUrlPart, hugeNumberText.map(looseEncode));
  const oneParam = route.query.length
    ? fc
        .tuple(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...route.query) }, fc.constant('unknown')),
          queryValue,
        )
        .map(([key, value]) => `?${key}=${value}`)
    : fc.constant('');
  const manyParams = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...route.query, 'x'), hostileUrlPart), queryValue), {
      maxLength: 4,
    })
    .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}` : ''));
  const hostileQuery = fc.oneof({ weight: 3, arbitrary: oneParam }, { weight: 1, arbitrary: manyParams });
  const template = (TEMPLATES[`${route.method} ${route.template}`] ?? (() => ({})))();
  const validBody = route.hasBody ? JSON.stringify(template) : undefined;
  const hostileBody = route.hasBody
    ? fc.oneof(
        { weight: 3, arbitrary: hostileVariant(template).map((value) => JSON.stringify(value) ?? 'null') },
        { weight: 1, arbitrary: brokenBodyText },
      )
    : fc.constant(undefined);
  const json = fc.constant<string | undefined>('application/json');
  const anyType = fc.constantFrom('application/json', 'text/plain', undefined);
  const request = (
    path: fc.Arbitrary<string>,
    query: fc.Arbitrary<string>,
    body: fc.Arbitrary<string | undefined>,
    contentType: fc.Arbitrary<string | undefined>,
  ) => fc.record({ path, query, body, contentType });
  const valid = { path: fc.constant(validPath), query: fc.constant(''), body: fc.constant(validBody) };
  return fc.oneof(
    ...(params.length ? [request(hostilePath, valid.query, valid.body, json)] : []),
    ...(route.query.length ? [request(valid.path, hostileQuery, valid.body, json)] : []),
    ...(route.hasBody ? [request(valid.path, valid.query, hostileBody, json)] : []),
    request(fc.oneof(valid.path, hostilePath), hostileQuery, hostileBody, anyType),
  );
}

describe('admin API under hostile input: never 5xx, and a refused request writes nothing', () => {
  it('covers every documented route', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.template}`, route] as const))(
    '%s',
    async (_name, route) => {
      const target = route.method === 'post' && route.template === '/sync' ? syncApp : app;
      // Counted once, then again only after a request that succeeded (and so may have written).
      let before = await rowCounts(database.db);
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ path, query, body, contentType }) => {
          const response = await target.request(`/api/v1${path}${query}`, {
            method: route.method.toUpperCase(),
            headers: adminHeaders(contentType ? { 'content-type': contentType } : {}),
            ...(body === undefined ? {} : { body }),
          });
          const label = `${route.method.toUpperCase()} ${path}${query} ${String(body).slice(0, 200)}`;
          expect(response.status, `${label} → ${await response.clone().text()}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type'), label).toContain('application/problem+json');
            expect(await rowCounts(database.db), label).toEqual(before);
          } else {
            before = await rowCounts(database.db);
          }
        }),
        { numRuns: RUNS },
      );
    },
  );
});
