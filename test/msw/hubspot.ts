// A fake HubSpot portal for msw: list/search/batch endpoints with HubSpot's shapes and limits
// (string property values, 100 per page, search pages of 200 capped at 10,000 results, 207 on
// partial batch failures), plus fault injection for 429/5xx/timeouts.

import { HttpResponse, http } from 'msw';

export const HUBSPOT_BASE = 'https://api.hubapi.com';

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

export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: string;
  archived: boolean;
}

export type Fault = (request: Request) => Response | Promise<Response | undefined> | undefined;

/** Associated records per type in a list response; more are paged (HubSpot's limit). */
const LISTED_ASSOCIATIONS = 100;
/** Associated records per object and page in a v4 associations batch read. */
const BATCH_READ_ASSOCIATIONS = 500;

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
  readonly updates: { type: string; inputs: { id: string; properties: Record<string, string> }[] }[] = [];
  readonly log: { method: string; path: string; status: number }[] = [];
  faults: Fault[] = [];
  /**
   * Fault injection per record (`${type}:${id}`): how HubSpot serves it instead, in lists, searches and
   * batch reads alike (a property whose type changed, a missing id, malformed associations…).
   */
  readonly served = new Map<string, (presented: Record<string, unknown>) => unknown>();

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
    for (const fault of [...this.faults]) {
      const response = await fault(request.clone());
      if (response) {
        this.log.push({ method: request.method, path, status: response.status });
        return response;
      }
    }
    const response = await respond();
    this.log.push({ method: request.method, path, status: response.status });
    return response;
  }

  handlers(base = HUBSPOT_BASE) {
    return [
      http.get(`${base}/crm/v3/owners`, ({ request }) =>
        this.record(request, () => {
          const url = new URL(request.url);
          const archived = url.searchParams.get('archived') === 'true';
          const list = this.owners.filter((owner) => owner.archived === archived);
          return page(list, url, (owner) => owner);
        }),
      ),
      http.get(`${base}/crm/v3/properties/:object/groups/:name`, ({ request, params }) =>
        this.record(request, () =>
          this.groups.has(`${params.object}:${params.name}`)
            ? HttpResponse.json({ name: params.name, label: 'Credit' })
            : HttpResponse.json({ status: 'error', category: 'OBJECT_NOT_FOUND' }, { status: 404 }),
        ),
      ),
      http.post(`${base}/crm/v3/properties/:object/groups`, async ({ request, params }) =>
        this.record(request, async () => {
          const body = (await request.json()) as { name: string };
          this.groups.add(`${params.object}:${body.name}`);
          return HttpResponse.json(body, { status: 201 });
        }),
      ),
      http.get(`${base}/crm/v3/properties/:object/:name`, ({ request, params }) =>
        this.record(request, () => {
          const property = this.properties.get(`${params.object}:${params.name}`);
          return property
            ? HttpResponse.json(property)
            : HttpResponse.json({ status: 'error', category: 'OBJECT_NOT_FOUND' }, { status: 404 });
        }),
      ),
      http.post(`${base}/crm/v3/properties/:object`, async ({ request, params }) =>
        this.record(request, async () => {
          const body = (await request.json()) as { name: string };
          const key = `${params.object}:${body.name}`;
          if (this.properties.has(key)) return HttpResponse.json({ category: 'CONFLICT' }, { status: 409 });
          this.properties.set(key, body);
          return HttpResponse.json(body, { status: 201 });
        }),
      ),
      http.patch(`${base}/crm/v3/properties/:object/:name`, async ({ request, params }) =>
        this.record(request, async () => {
          const key = `${params.object}:${params.name}`;
          const merged = { ...this.properties.get(key), ...((await request.json()) as object) };
          this.properties.set(key, merged);
          return HttpResponse.json(merged);
        }),
      ),
      http.post(`${base}/crm/v3/objects/tasks`, async ({ request }) =>
        this.record(request, async () => {
          const body = (await request.json()) as Record<string, unknown>;
          const id = String(900000000000 + this.tasks.length);
          this.tasks.push({ id, ...body });
          return HttpResponse.json({ id, properties: body.properties }, { status: 201 });
        }),
      ),
      http.get(`${base}/crm/v3/objects/:type`, ({ request, params }) =>
        this.record(request, () => {
          const type = objectType(params.type);
          const url = new URL(request.url);
          const archived = url.searchParams.get('archived') === 'true';
          const properties = url.searchParams.get('properties')?.split(',') ?? null;
          const associations = (url.searchParams.get('associations')?.split(',') ?? []) as ObjectType[];
          return page(this.live(type, archived), url, (object) =>
            this.present(type, object, properties, associations),
          );
        }),
      ),
      http.post(`${base}/crm/v3/objects/:type/search`, async ({ request, params }) =>
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
            return HttpResponse.json(
              { status: 'error', category: 'VALIDATION_ERROR', message: 'paging beyond 10000 results' },
              { status: 400 },
            );
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
      http.post(`${base}/crm/v3/objects/:type/batch/read`, async ({ request, params }) =>
        this.record(request, async () => {
          const type = objectType(params.type);
          const body = (await request.json()) as { inputs: { id: string }[]; properties?: string[] };
          if (body.inputs.length > 100)
            return HttpResponse.json({ category: 'VALIDATION_ERROR' }, { status: 400 });
          const found = body.inputs
            .map((input) => this.objects[type].get(input.id))
            .filter((o) => o && !o.archived) as FakeObject[];
          const missing = body.inputs
            .map((input) => input.id)
            .filter((id) => !found.some((o) => o.id === id));
          const results = found.map((object) => this.present(type, object, body.properties ?? null, []));
          if (missing.length === 0) return HttpResponse.json({ status: 'COMPLETE', results });
          return HttpResponse.json(
            {
              status: 'COMPLETE',
              results,
              errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: missing } }],
            },
            { status: 207 },
          );
        }),
      ),
      http.post(`${base}/crm/v3/objects/:type/batch/update`, async ({ request, params }) =>
        this.record(request, async () => {
          const type = objectType(params.type);
          const body = (await request.json()) as {
            inputs: { id: string; properties: Record<string, string> }[];
          };
          if (body.inputs.length > 100)
            return HttpResponse.json({ category: 'VALIDATION_ERROR' }, { status: 400 });
          this.updates.push({ type, inputs: body.inputs });
          const ok = body.inputs.filter((input) => this.objects[type].get(input.id)?.archived === false);
          for (const input of ok) {
            const object = this.objects[type].get(input.id);
            if (object) Object.assign(object.properties, input.properties);
          }
          const missing = body.inputs.filter((input) => !ok.includes(input)).map((input) => input.id);
          const results = ok.map((input) => ({ id: input.id, properties: input.properties }));
          if (missing.length === 0) return HttpResponse.json({ status: 'COMPLETE', results });
          return HttpResponse.json(
            {
              status: 'COMPLETE',
              results,
              errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: missing } }],
            },
            { status: 207 },
          );
        }),
      ),
      http.post(`${base}/crm/v4/associations/:from/:to/batch/read`, async ({ request, params }) =>
        this.record(request, async () => {
          const from = objectType(params.from);
          const to = objectType(params.to);
          const body = (await request.json()) as { inputs: { id: string; after?: string }[] };
          if (body.inputs.length > 1_000)
            return HttpResponse.json({ category: 'VALIDATION_ERROR' }, { status: 400 });
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
          return HttpResponse.json({ status: 'COMPLETE', results });
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

function page<T>(list: T[], url: URL, present: (item: T) => unknown) {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), 100);
  const after = Number(url.searchParams.get('after') ?? '0');
  const slice = list.slice(after, after + limit);
  const next = after + limit < list.length ? { paging: { next: { after: String(after + limit) } } } : {};
  return HttpResponse.json({ results: slice.map(present), ...next });
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
