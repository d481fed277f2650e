// A local fake HubSpot for benchmarks (node:http, no msw): generates a portal of any size on the fly
// from record indexes (so it holds no records in memory), with list pages of 100 plus associations,
// search (GTE, ascending, pages of 200, 10,000-result cap), association batch reads, owners, an
// optional rolling 10-second limit and the search API's 5 requests per second, both answered with
// 429s shaped like HubSpot's. It serves the date-versioned paths of one API release only.
// Control: POST /__bench/modify, GET /__bench/stats.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const API_VERSION = '2026-09';

type Kind = 'companies' | 'contacts' | 'deals' | 'invoices';
const SIZES: Record<Kind, number> = {
  companies: Number(process.env.FAKE_COMPANIES ?? 100_000),
  contacts: Number(process.env.FAKE_CONTACTS ?? 200_000),
  deals: Number(process.env.FAKE_DEALS ?? 100_000),
  invoices: Number(process.env.FAKE_INVOICES ?? 300_000),
};
const RATE_LIMIT = Number(process.env.FAKE_RATE_LIMIT ?? 0);
const SEARCH_PER_SECOND = 5;
const PREFIX: Record<Kind, bigint> = { companies: 1n, contacts: 2n, deals: 3n, invoices: 4n };
const BASE_ID = 9_007_199_254_740_993n;
const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');
const TYPE_BY_PATH: Record<string, Kind> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: 'invoices',
  '0-53': 'invoices',
};

const stats = { requests: 0, rateLimited: 0, errors: 0, byKind: {} as Record<string, number> };
const window: number[] = [];
const searchWindow: number[] = [];
/** Records changed since start: index → modification time, per type (sorted by time when searched). */
const modified: Record<Kind, Map<number, number>> = {
  companies: new Map(),
  contacts: new Map(),
  deals: new Map(),
  invoices: new Map(),
};

const idOf = (kind: Kind, index: number) => (PREFIX[kind] * 10n ** 17n + BASE_ID + BigInt(index)).toString();
const indexOf = (kind: Kind, id: string) => Number(BigInt(id) - PREFIX[kind] * 10n ** 17n - BASE_ID);
const timeOf = (kind: Kind, index: number) => modified[kind].get(index) ?? BASE_TIME + index * 10;

function properties(kind: Kind, i: number): Record<string, string | null> {
  const updated = String(timeOf(kind, i));
  const touched = modified[kind].has(i) ? ' (changed)' : '';
  switch (kind) {
    case 'companies':
      return {
        name: `Company ${i}${touched}`,
        domain: `c${i}.example.com`,
        industry: i % 5 ? 'SOFTWARE' : null,
        country: 'DE',
        hubspot_owner_id: String(100 + (i % 50)),
        hs_merged_object_ids: null,
        hs_lastmodifieddate: updated,
      };
    case 'contacts':
      return {
        email: `p${i}@example.com`,
        firstname: `P${i}${touched}`,
        lastname: null,
        phone: null,
        jobtitle: 'Buyer',
        lastmodifieddate: updated,
      };
    case 'deals':
      return {
        dealname: `Deal ${i}${touched}`,
        amount: i % 9 ? `${1000 + (i % 5000)}.50` : null,
        deal_currency_code: 'EUR',
        pipeline: 'default',
        dealstage: i % 3 ? 'contractsent' : 'closedwon',
        closedate: '2026-06-30T00:00:00.000Z',
        hs_is_closed: i % 3 ? 'false' : 'true',
        hs_is_closed_won: i % 3 ? 'false' : 'true',
        hubspot_owner_id: String(100 + (i % 50)),
        hs_lastmodifieddate: updated,
      };
    case 'invoices':
      return {
        hs_number: `INV-${i}`,
        hs_currency: 'EUR',
        hs_amount_billed: `${100 + (i % 900)}.25`,
        hs_balance_due: i % 4 ? `${100 + (i % 900)}.25` : '0',
        hs_invoice_date: '2026-05-01',
        hs_due_date: '2026-05-31',
        hs_invoice_status: i % 4 ? 'open' : 'paid',
        hs_payment_date: i % 4 ? null : '2026-05-20',
        hs_lastmodifieddate: updated,
      };
  }
}

function links(kind: Kind, i: number): Partial<Record<Kind, number[]>> {
  const company = i % SIZES.companies;
  if (kind === 'contacts') return { companies: [company] };
  if (kind === 'deals')
    return { companies: [company], contacts: [i % SIZES.contacts, (i + 1) % SIZES.contacts] };
  if (kind === 'invoices') return { companies: [company], deals: [i % SIZES.deals] };
  return {};
}

function record(kind: Kind, i: number, associations: Kind[]) {
  const updatedAt = new Date(timeOf(kind, i)).toISOString();
  const out: Record<string, unknown> = {
    id: idOf(kind, i),
    properties: properties(kind, i),
    createdAt: updatedAt,
    updatedAt,
    archived: false,
  };
  if (associations.length > 0) {
    const assoc: Record<string, unknown> = {};
    const linked = links(kind, i);
    for (const to of associations) {
      const ids = linked[to] ?? [];
      if (ids.length)
        assoc[to] = {
          results: ids.map((j, n) => ({
            id: idOf(to, j),
            type: n === 0 ? `${kind}_to_${to}` : `${kind}_to_${to}_unlabeled`,
          })),
        };
    }
    out.associations = assoc;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

function limited(res: ServerResponse, search: boolean): boolean {
  const now = Date.now();
  while (window.length && (window[0] ?? 0) <= now - 10_000) window.shift();
  while (searchWindow.length && (searchWindow[0] ?? 0) <= now - 1_000) searchWindow.shift();
  if (RATE_LIMIT > 0 && window.length >= RATE_LIMIT) {
    stats.rateLimited++;
    send(
      res,
      429,
      {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
      },
      { 'retry-after': '1' },
    );
    return true;
  }
  if (search && RATE_LIMIT > 0 && searchWindow.length >= SEARCH_PER_SECOND) {
    stats.rateLimited++;
    send(
      res,
      429,
      {
        status: 'error',
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'SECONDLY',
      },
      { 'retry-after': '1' },
    );
    return true;
  }
  window.push(now);
  if (search) searchWindow.push(now);
  return false;
}

function rateHeaders(): Record<string, string> {
  if (RATE_LIMIT <= 0) return {};
  return {
    'x-hubspot-ratelimit-max': String(RATE_LIMIT),
    'x-hubspot-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - window.length)),
    'x-hubspot-ratelimit-interval-milliseconds': '10000',
  };
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = url.pathname;
  if (path === '/__bench/stats') return send(res, 200, stats);
  if (path === '/__bench/modify') {
    const { fraction = 0.01 } = await readJson(req);
    const now = Date.now();
    let n = 0;
    for (const kind of Object.keys(SIZES) as Kind[]) {
      const step = Math.round(1 / Number(fraction));
      for (let i = 0; i < SIZES[kind]; i += step) modified[kind].set(i, now + n++);
    }
    return send(res, 200, { modified: n });
  }
  const isSearch = path.endsWith('/search');
  stats.requests++;
  const key = `${req.method} ${path.replace(/\d{5,}/g, ':id')}`;
  stats.byKind[key] = (stats.byKind[key] ?? 0) + 1;
  if (limited(res, isSearch)) return;
  const headers = rateHeaders();

  if (path === `/settings/currencies/${API_VERSION}/company-currency`) {
    return send(res, 200, { id: 'USD', createdAt: '2025-01-01T00:00:00.000Z' }, headers);
  }
  if (path === `/settings/currencies/${API_VERSION}/exchange-rates/current`) {
    const rate = (code: string, conversionRate: number) => ({
      id: code,
      fromCurrencyCode: code,
      toCurrencyCode: 'USD',
      conversionRate,
      effectiveAt: new Date().toISOString(),
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      visibleInUI: true,
    });
    return send(res, 200, { results: [rate('EUR', 1.08), rate('GBP', 1.27)] }, headers);
  }
  if (path === `/crm/owners/${API_VERSION}`) {
    const archived = url.searchParams.get('archived') === 'true';
    const owners = archived
      ? []
      : Array.from({ length: 50 }, (_, n) => ({
          id: String(100 + n),
          email: `owner${n}@example.com`,
          firstName: `Owner`,
          lastName: String(n),
          archived: false,
        }));
    return send(res, 200, { results: owners }, headers);
  }
  const list = new RegExp(`^/crm/objects/${API_VERSION}/([^/]+)$`).exec(path);
  if (list && req.method === 'GET') {
    const kind = TYPE_BY_PATH[list[1] ?? ''];
    if (!kind) return send(res, 404, { category: 'OBJECT_NOT_FOUND' });
    if (url.searchParams.get('archived') === 'true') return send(res, 200, { results: [] }, headers);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), 100);
    const after = Number(url.searchParams.get('after') ?? 0);
    const associations = (url.searchParams.get('associations')?.split(',') ?? []) as Kind[];
    const end = Math.min(after + limit, SIZES[kind]);
    const results = [];
    for (let i = after; i < end; i++) results.push(record(kind, i, associations));
    return send(
      res,
      200,
      { results, ...(end < SIZES[kind] ? { paging: { next: { after: String(end) } } } : {}) },
      headers,
    );
  }
  const search = new RegExp(`^/crm/objects/${API_VERSION}/([^/]+)/search$`).exec(path);
  if (search) {
    const kind = TYPE_BY_PATH[search[1] ?? ''] as Kind;
    const body = (await readJson(req)) as {
      filterGroups?: { filters?: { value: string }[] }[];
      limit?: number;
      after?: string;
    };
    const limit = Math.min(body.limit ?? 10, 200);
    const after = Number(body.after ?? 0);
    if (after + limit > 10_000)
      return send(res, 400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'Paging beyond 10,000 results is not supported',
      });
    const since = Number(body.filterGroups?.[0]?.filters?.[0]?.value ?? Number.NaN);
    if (Number.isNaN(since)) return send(res, 200, { total: SIZES[kind], results: [] }, headers);
    // Unchanged records all lie before any watermark a sync can have; only changed ones can match.
    const matches = [...modified[kind]]
      .filter(([, time]) => time >= since)
      .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    const slice = matches.slice(after, after + limit).map(([i]) => record(kind, i, []));
    return send(
      res,
      200,
      {
        total: matches.length,
        results: slice,
        ...(after + limit < matches.length ? { paging: { next: { after: String(after + limit) } } } : {}),
      },
      headers,
    );
  }
  const assoc = new RegExp(`^/crm/associations/${API_VERSION}/([^/]+)/([^/]+)/batch/read$`).exec(path);
  if (assoc) {
    const from = TYPE_BY_PATH[assoc[1] ?? ''] as Kind;
    const to = TYPE_BY_PATH[assoc[2] ?? ''] as Kind;
    const body = (await readJson(req)) as { inputs: { id: string }[] };
    const results = body.inputs.map((input) => {
      const ids = links(from, indexOf(from, input.id))[to] ?? [];
      return {
        from: { id: input.id },
        to: ids.map((j, n) => ({
          toObjectId: idOf(to, j),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: n === 0 ? 'Primary' : null }],
        })),
      };
    });
    return send(res, 200, { status: 'COMPLETE', results }, headers);
  }
  stats.errors++;
  return send(res, 404, {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `no fake for ${req.method} ${path}`,
  });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    stats.errors++;
    send(res, 500, { status: 'error', message: String(error) });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.FAKE_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
