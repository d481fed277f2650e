// A fake HubSpot portal for msw, serving only the 2026-09 date-versioned API (a legacy /crm/v3 or v4
// path finds no handler and fails the test): list/search/batch endpoints with HubSpot's shapes and
// limits (string property values and nulls, ids past 2^53, 100 per page, search pages of 200 capped
// at 10,000 results, errors[] inside 200 batch answers), properties and groups as 2026-09 validates
// them, owners, tasks and notes, account details, currencies and token introspection. Every request
// passes the gate (rate limit, token, scopes; see hubspot-gate.ts). Faults inject 429/5xx/timeouts.

import { HttpResponse, http } from 'msw';
import { hubspotError, PortalGate, projectScopes, TEST_ACCESS_TOKEN } from './hubspot-gate.ts';

export { TEST_ACCESS_TOKEN } from './hubspot-gate.ts';

export const HUBSPOT_BASE = 'https://api.hubapi.com';
/** The one API release this portal answers. */
const V = '2026-09';

type ObjectType = 'companies' | 'contacts' | 'deals' | 'invoices';
const TYPE_BY_PATH: Record<string, ObjectType> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: 'invoices',
  '0-53': 'invoices',
};
const MODIFIED: Record<ObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  invoices: 'hs_lastmodifieddate',
};
const SINGULAR: Record<string, string> = {
  companies: 'company',
  contacts: 'contact',
  deals: 'deal',
  invoices: 'invoice',
};
/** Display hints and currency fields the 2026-09 property API no longer accepts. */
const REMOVED_PROPERTY_FIELDS = [
  'numberDisplayHint',
  'textDisplayHint',
  'currencyPropertyName',
  'showCurrencySymbol',
];

export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string;
  archived: boolean;
}

export type Fault = (request: Request) => Response | Promise<Response | undefined> | undefined;

/** A portal validation rule: a message when the values break it, null when they pass. */
export type ValidationRule = (
  type: ObjectType,
  id: string,
  properties: Record<string, string>,
) => string | null;

/** Associated records per type in a list response; more are paged (HubSpot's limit). */
const LISTED_ASSOCIATIONS = 100;
/** Associated records per object and page in an associations batch read. */
const BATCH_READ_ASSOCIATIONS = 500;

export interface FakePortalOptions {
  /** Scopes the app's install was granted; the project's requiredScopes unless given. */
  grantedScopes?: Iterable<string>;
  /** Milliseconds for the rolling rate window (and the log); performance.now() unless given. */
  now?: () => number;
}

export class FakePortal {
  readonly objects: Record<ObjectType, Map<string, FakeObject>> = {
    companies: new Map(),
    contacts: new Map(),
    deals: new Map(),
    invoices: new Map(),
  };
  /** `${type}:${id}` → { toType: ids[] } */
  readonly links = new Map<string, Partial<Record<ObjectType, string[]>>>();
  readonly owners: {
    id: string;
    email: string | null;
    firstName: string;
    lastName: string;
    archived: boolean;
  }[] = [];
  readonly properties = new Map<string, Record<string, unknown>>();
  readonly groups = new Set<string>();
  readonly tasks: Record<string, unknown>[] = [];
  readonly notes: Record<string, unknown>[] = [];
  readonly updates: { type: string; inputs: { id: string; properties: Record<string, string> }[] }[] = [];
  readonly log: { method: string; path: string; status: number; at: number }[] = [];
  faults: Fault[] = [];
  /**
   * Fault injection per record (`${type}:${id}`): how HubSpot serves it instead, in lists, searches and
   * batch reads alike (a property whose type changed, a missing id, malformed associations…).
   */
  readonly served = new Map<string, (presented: Record<string, unknown>) => unknown>();
  /** Checked on every batch update, as 2026-09 enforces the portal's validation rules on writes. */
  validationRules: ValidationRule[] = [];
  /** 'batch': a broken rule refuses the whole batch with a 400 (HubSpot's documented answer). */
  validationRefusal: 'batch' | 'per-record' = 'batch';
  companyCurrency = 'USD';
  /** Raw exchange-rate entries, exactly as HubSpot's JSON carries them. */
  exchangeRates: Record<string, unknown>[] = [];
  /** Records per list page at most (HubSpot's cap is 100; a smaller one makes more requests). */
  listPageSize = 100;
  /** The app's client credentials, for token introspection; null: introspection refuses. */
  oauthApp: { clientId: string; clientSecret: string } | null = null;
  /** 2026-09 documents only `active` in the introspection answer; false leaves the rest out. */
  introspectionListsScopes = true;
  readonly gate: PortalGate;

  constructor(options: FakePortalOptions = {}) {
    const now = options.now ?? (() => performance.now());
    this.gate = new PortalGate(now, options.grantedScopes ?? projectScopes());
  }

  put(
    type: ObjectType,
    id: string,
    properties: Record<string, string | null>,
    updatedAt: string,
    links: Partial<Record<ObjectType, string[]>> = {},
  ) {
    const modified = { ...properties, [MODIFIED[type]]: String(Date.parse(updatedAt)), hs_object_id: id };
    this.objects[type].set(id, { id, properties: modified, updatedAt, archived: false });
    this.links.set(`${type}:${id}`, links);
  }

  archive(type: ObjectType, id: string) {
    const object = this.objects[type].get(id);
    if (object) object.archived = true;
  }

  requestsTo(pathPart: string) {
    return this.log.filter((entry) => entry.path.includes(pathPart)).length;
  }

  private live(type: ObjectType, archived = false) {
    return [...this.objects[type].values()].filter((object) => object.archived === archived);
  }

  private present(
    type: ObjectType,
    object: FakeObject,
    properties: string[] | null,
    associations: ObjectType[],
  ) {
    const picked = properties
      ? Object.fromEntries(properties.map((name) => [name, object.properties[name] ?? null]))
      : object.properties;
    const result: Record<string, unknown> = {
      id: object.id,
      properties: picked,
      createdAt: object.updatedAt,
      updatedAt: object.updatedAt,
      archived: object.archived,
    };
    if (associations.length > 0) {
      const links = this.links.get(`${type}:${object.id}`) ?? {};
      const assoc: Record<string, unknown> = {};
      for (const to of associations) {
        const ids = links[to] ?? [];
        if (ids.length === 0) continue;
        // HubSpot returns up to 100 associated records per type here; the rest are paged.
        const shown = ids.slice(0, LISTED_ASSOCIATIONS);
        assoc[to] = {
          results: shown.flatMap((id, index) => [
            ...(index === 0 ? [{ id, type: `${SINGULAR[type]}_to_${SINGULAR[to]}` }] : []),
            { id, type: `${SINGULAR[type]}_to_${SINGULAR[to]}_unlabeled` },
          ]),
          ...(ids.length > shown.length
            ? { paging: { next: { after: String(shown.length), link: `${object.id}/associations/${to}` } } }
            : {}),
        };
      }
      result.associations = assoc;
    }
    return this.served.get(`${type}:${object.id}`)?.(result) ?? result;
  }

  private async record(request: Request, respond: () => Response | Promise<Response>): Promise<Response> {
    const path = new URL(request.url).pathname;
    const answer = async () => {
      const limited = this.gate.count();
      if (limited) return limited;
      for (const fault of [...this.faults]) {
        const response = await fault(request.clone());
        if (response) return response;
      }
      return this.gate.admit(request) ?? (await respond());
    };
    const response = this.gate.headers(await answer(), request);
    this.log.push({ method: request.method, path, status: response.status, at: this.gate.now() });
    return response;
  }

  handlers(base = HUBSPOT_BASE) {
    return [
      ...this.settingsHandlers(base),
      ...this.propertyHandlers(base),
      ...this.engagementHandlers(base),
      ...this.objectHandlers(base),
    ];
  }

  private settingsHandlers(base: string) {
    return [
      http.get(`${base}/crm/owners/${V}`, ({ request }) =>
        this.record(request, () => {
          const url = new URL(request.url);
          const archived = url.searchParams.get('archived') === 'true';
          const list = this.owners.filter((owner) => owner.archived === archived);
          return page(list, url, this.listPageSize, (owner, index) => ({
            ...owner,
            type: 'PERSON',
            userId: 7_000_000 + index,
            userIdIncludingInactive: 7_000_000 + index,
            createdAt: '2025-06-01T09:00:00.000Z',
            updatedAt: '2026-01-10T09:00:00.000Z',
            teams: [],
          }));
        }),
      ),
      http.get(`${base}/account-info/${V}/details`, ({ request }) =>
        this.record(request, () =>
          HttpResponse.json({
            portalId: 8_675_309,
            accountType: 'STANDARD',
            companyCurrency: this.companyCurrency,
            additionalCurrencies: [],
            timeZone: 'Europe/Berlin',
            utcOffset: '+01:00',
            utcOffsetMilliseconds: 3_600_000,
            uiDomain: 'app-eu1.hubspot.com',
            dataHostingLocation: 'eu1',
          }),
        ),
      ),
      http.get(`${base}/settings/currencies/${V}/company-currency`, ({ request }) =>
        this.record(request, () =>
          HttpResponse.json({ id: this.companyCurrency, createdAt: '2025-06-01T09:00:00.000Z' }),
        ),
      ),
      http.get(`${base}/settings/currencies/${V}/exchange-rates/current`, ({ request }) =>
        this.record(request, () => HttpResponse.json({ results: this.exchangeRates })),
      ),
      http.post(`${base}/oauth/${V}/token/introspect`, async ({ request }) =>
        this.record(request, async () => {
          const form = new URLSearchParams(await request.text());
          const app = this.oauthApp;
          if (request.headers.get('content-type') !== 'application/x-www-form-urlencoded') {
            return hubspotError(415, 'UNSUPPORTED_MEDIA_TYPE', 'form encoding expected');
          }
          if (
            !app ||
            form.get('client_id') !== app.clientId ||
            form.get('client_secret') !== app.clientSecret
          ) {
            return hubspotError(400, 'BAD_CLIENT_ID', 'missing or unknown client id');
          }
          if (form.get('token') !== TEST_ACCESS_TOKEN) return HttpResponse.json({ active: false });
          if (!this.introspectionListsScopes) return HttpResponse.json({ active: true });
          return HttpResponse.json({
            active: true,
            token: TEST_ACCESS_TOKEN,
            token_type: 'access_token',
            token_use: 'access_token',
            client_id: app.clientId,
            app_id: 4_321_987,
            hub_id: 8_675_309,
            user_id: 1_234_567,
            scopes: [...this.gate.grantedScopes],
            expires_in: 1_800,
            is_private_distribution: true,
          });
        }),
      ),
    ];
  }

  private propertyHandlers(base: string) {
    const root = `${base}/crm/properties/${V}`;
    return [
      http.get(`${root}/:object/groups/:name`, ({ request, params }) =>
        this.record(request, () =>
          this.groups.has(`${params.object}:${params.name}`)
            ? HttpResponse.json({ name: params.name, label: 'Credit', displayOrder: -1, archived: false })
            : hubspotError(404, 'OBJECT_NOT_FOUND', `group ${String(params.name)} does not exist`),
        ),
      ),
      http.post(`${root}/:object/groups`, async ({ request, params }) =>
        this.record(request, async () => {
          const body = (await request.json()) as { name?: string; label?: string; displayOrder?: number };
          if (!body.name || !body.label)
            return hubspotError(400, 'VALIDATION_ERROR', 'name and label are required');
          this.groups.add(`${params.object}:${body.name}`);
          return HttpResponse.json({ ...body, archived: false }, { status: 201 });
        }),
      ),
      http.get(`${root}/:object/:name`, ({ request, params }) =>
        this.record(request, () => {
          const property = this.properties.get(`${params.object}:${params.name}`);
          return property
            ? HttpResponse.json(property)
            : hubspotError(404, 'OBJECT_NOT_FOUND', `property ${String(params.name)} does not exist`);
        }),
      ),
      http.post(`${root}/:object`, async ({ request, params }) =>
        this.record(request, async () => {
          const body = (await request.json()) as Record<string, unknown>;
          const problem = propertyProblem(body, true);
          if (problem) return hubspotError(400, 'VALIDATION_ERROR', problem);
          const key = `${params.object}:${String(body.name)}`;
          if (this.properties.has(key)) return hubspotError(409, 'CONFLICT', 'property exists');
          this.properties.set(key, body);
          return HttpResponse.json(body, { status: 201 });
        }),
      ),
      http.patch(`${root}/:object/:name`, async ({ request, params }) =>
        this.record(request, async () => {
          const key = `${params.object}:${params.name}`;
          const body = (await request.json()) as Record<string, unknown>;
          const problem = propertyProblem(body, false);
          if (problem) return hubspotError(400, 'VALIDATION_ERROR', problem);
          const merged = { ...this.properties.get(key), ...body };
          this.properties.set(key, merged);
          return HttpResponse.json(merged);
        }),
      ),
    ];
  }

  private engagementHandlers(base: string) {
    const create = (store: Record<string, unknown>[], first: number) => async (request: Request) => {
      const body = (await request.json()) as { properties?: object; associations?: unknown };
      // 2026-09 requires `associations` on create (an empty list when there are none).
      if (!body.properties || !Array.isArray(body.associations)) {
        return hubspotError(400, 'VALIDATION_ERROR', 'properties and associations are required');
      }
      const id = String(first + store.length);
      store.push({ id, ...body });
      return HttpResponse.json(
        { id, properties: body.properties, createdAt: '2026-11-26T12:00:00.000Z', archived: false },
        { status: 201 },
      );
    };
    return [
      http.post(`${base}/crm/objects/${V}/tasks`, ({ request }) =>
        this.record(request, () => create(this.tasks, 900_000_000_000)(request)),
      ),
      http.post(`${base}/crm/objects/${V}/notes`, ({ request }) =>
        this.record(request, () => create(this.notes, 800_000_000_000)(request)),
      ),
    ];
  }

  private objectHandlers(base: string) {
    const root = `${base}/crm/objects/${V}`;
    return [
      http.get(`${root}/:type`, ({ request, params }) =>
        this.record(request, () => {
          const type = objectType(params.type);
          const url = new URL(request.url);
          const archived = url.searchParams.get('archived') === 'true';
          const properties = url.searchParams.get('properties')?.split(',') ?? null;
          const associations = (url.searchParams.get('associations')?.split(',') ?? []) as ObjectType[];
          return page(this.live(type, archived), url, this.listPageSize, (object) =>
            this.present(type, object, properties, associations),
          );
        }),
      ),
      http.post(`${root}/:type/search`, async ({ request, params }) =>
        this.record(request, async () => {
          const type = objectType(params.type);
          const body = (await request.json()) as {
            filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[];
            limit?: number;
            after?: string;
            properties?: string[];
          };
          const limit = Math.min(body.limit ?? 10, 200);
          const after = Number(body.after ?? '0');
          if (after + limit > 10_000) {
            return hubspotError(400, 'VALIDATION_ERROR', 'paging beyond 10000 results');
          }
          const filter = body.filterGroups[0]?.filters[0];
          const since = filter ? Number(filter.value) : Number.NEGATIVE_INFINITY;
          const matches = this.live(type)
            .filter((object) => Number(object.properties[MODIFIED[type]]) >= since)
            .sort(
              (a, b) =>
                Number(a.properties[MODIFIED[type]]) - Number(b.properties[MODIFIED[type]]) ||
                a.id.localeCompare(b.id),
            );
          const slice = matches.slice(after, after + limit);
          const next =
            after + limit < matches.length ? { next: { after: String(after + limit) } } : undefined;
          return HttpResponse.json({
            total: matches.length,
            results: slice.map((object) => this.present(type, object, body.properties ?? null, [])),
            ...(next ? { paging: next } : {}),
          });
        }),
      ),
      http.post(`${root}/:type/batch/read`, async ({ request, params }) =>
        this.record(request, async () => {
          const type = objectType(params.type);
          const body = (await request.json()) as { inputs: { id: string }[]; properties?: string[] };
          if (body.inputs.length > 100) return hubspotError(400, 'VALIDATION_ERROR', 'at most 100 inputs');
          const found = body.inputs
            .map((input) => this.objects[type].get(input.id))
            .filter((o) => o && !o.archived) as FakeObject[];
          const missing = body.inputs
            .map((input) => input.id)
            .filter((id) => !found.some((o) => o.id === id));
          const results = found.map((object) => this.present(type, object, body.properties ?? null, []));
          return batchAnswer(results, missing.length > 0 ? [notFound(type, missing)] : []);
        }),
      ),
      http.post(`${root}/:type/batch/update`, async ({ request, params }) =>
        this.record(request, async () => {
          const type = objectType(params.type);
          const body = (await request.json()) as {
            inputs: { id: string; properties: Record<string, string> }[];
          };
          if (body.inputs.length > 100) return hubspotError(400, 'VALIDATION_ERROR', 'at most 100 inputs');
          this.updates.push({ type, inputs: body.inputs });
          const broken = body.inputs.flatMap((input) => {
            const message = this.validationRules
              .map((rule) => rule(type, input.id, input.properties))
              .find((found) => found !== null);
            return message ? [{ id: input.id, message }] : [];
          });
          if (broken.length > 0 && this.validationRefusal === 'batch') {
            // The whole batch is refused and nothing is written; the message does not say which record.
            return hubspotError(400, 'VALIDATION_ERROR', broken[0]?.message ?? 'validation failed');
          }
          const refused = new Set(broken.map((entry) => entry.id));
          const ok = body.inputs.filter(
            (input) => !refused.has(input.id) && this.objects[type].get(input.id)?.archived === false,
          );
          for (const input of ok) {
            const object = this.objects[type].get(input.id);
            if (object) Object.assign(object.properties, input.properties);
          }
          const missing = body.inputs
            .filter((input) => !ok.includes(input) && !refused.has(input.id))
            .map((input) => input.id);
          const errors = [
            ...(missing.length > 0 ? [notFound(type, missing)] : []),
            ...broken.map((entry) => ({
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: entry.message,
              context: { ids: [entry.id] },
              errors: [],
              links: {},
            })),
          ];
          return batchAnswer(
            ok.map((input) => ({ id: input.id, properties: input.properties, archived: false })),
            errors,
          );
        }),
      ),
      http.post(`${base}/crm/associations/${V}/:from/:to/batch/read`, async ({ request, params }) =>
        this.record(request, async () => {
          const from = objectType(params.from);
          const to = objectType(params.to);
          const body = (await request.json()) as { inputs: { id: string; after?: string }[] };
          if (body.inputs.length > 1_000) return hubspotError(400, 'VALIDATION_ERROR', 'at most 1000 inputs');
          const results = body.inputs.flatMap((input) => {
            const ids = this.links.get(`${from}:${input.id}`)?.[to] ?? [];
            if (ids.length === 0) return [];
            // Each object's associations page on their own, `after` naming where the next page starts.
            const offset = Number(input.after ?? '0');
            const slice = ids.slice(offset, offset + BATCH_READ_ASSOCIATIONS);
            const next = offset + slice.length;
            return [
              {
                from: { id: input.id },
                to: slice.map((id, index) => ({
                  toObjectId: Number.isSafeInteger(Number(id)) ? Number(id) : id,
                  associationTypes: [
                    {
                      category: 'HUBSPOT_DEFINED',
                      typeId: 1,
                      label: offset + index === 0 ? 'Primary' : null,
                    },
                  ],
                })),
                ...(next < ids.length ? { paging: { next: { after: String(next) } } } : {}),
              },
            ];
          });
          return batchAnswer(results, []);
        }),
      ),
    ];
  }
}

function objectType(value: unknown): ObjectType {
  const type = TYPE_BY_PATH[String(value)];
  if (!type) throw new Error(`unknown object type ${String(value)}`);
  return type;
}

/** 2026-09 batch answers: 200 always, per-record failures in `errors[]` with `numErrors`. */
function batchAnswer(results: unknown[], errors: object[]) {
  const times = { startedAt: '2026-11-26T12:00:00.000Z', completedAt: '2026-11-26T12:00:00.120Z' };
  return HttpResponse.json({
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    ...times,
  });
}

function notFound(type: ObjectType, ids: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${SINGULAR[type]?.toUpperCase()} objects, they may be deleted or not exist.`,
    context: { ids },
    errors: [],
    links: {},
  };
}

/** What 2026-09 refuses in a property create or update: a missing field, an option without order. */
function propertyProblem(body: Record<string, unknown>, create: boolean): string | null {
  const removed = REMOVED_PROPERTY_FIELDS.find((field) => field in body);
  if (removed) return `Unrecognized field "${removed}"`;
  if (create) {
    const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].find((field) => !body[field]);
    if (missing) return `${missing} is required`;
  }
  if (body.options !== undefined) {
    const options = Array.isArray(body.options) ? (body.options as Record<string, unknown>[]) : null;
    const bad = options?.find(
      (option) =>
        typeof option.label !== 'string' ||
        typeof option.value !== 'string' ||
        typeof option.displayOrder !== 'number' ||
        typeof option.hidden !== 'boolean',
    );
    if (!options || bad) return 'options[] need label, value, displayOrder and hidden';
  }
  return null;
}

function page<T>(list: T[], url: URL, cap: number, present: (item: T, index: number) => unknown) {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), cap);
  const after = Number(url.searchParams.get('after') ?? '0');
  const slice = list.slice(after, after + limit);
  const next = after + limit < list.length ? { paging: { next: { after: String(after + limit) } } } : {};
  return HttpResponse.json({ results: slice.map((item, i) => present(item, after + i)), ...next });
}

/** Responds once (or `times` times) with the given status/body for requests matching `path`. */
export function failTimes(path: string, times: number, response: () => Response): Fault {
  let left = times;
  return (request) => {
    if (left <= 0 || !new URL(request.url).pathname.includes(path)) return undefined;
    left--;
    return response();
  };
}

export function rateLimited(
  policyName: 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY',
  retryAfterSeconds = 1,
) {
  return HttpResponse.json(
    {
      status: 'error',
      message: 'You have reached your limit.',
      errorType: 'RATE_LIMIT',
      policyName,
      category: 'RATE_LIMITS',
    },
    { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
  );
}
