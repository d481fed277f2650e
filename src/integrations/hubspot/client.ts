// The HubSpot implementation of the Crm interface, over the REST API with fetch (see docs/hubspot-and-slack.md: the SDK
// hides response headers and retries 429s its own way, which would split the process's rate budget).

import type { Config } from '../../config/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type {
  CreditObjectType,
  CreditUpdate,
  CreditUpdateResult,
  Crm,
  CrmObjectType,
  CrmOwner,
  CrmPage,
  CrmRejected,
  CrmResult,
  CrmSearchPage,
  CrmTask,
} from '../crm.ts';
import { hubspotPaths, TASK_TO_COMPANY_ASSOCIATION } from './api-paths.ts';
import { attachAssociations, completeListedAssociations } from './associations.ts';
import { CREDIT_OBJECT, toHubspotProperties } from './credit-properties.ts';
import { ensureCreditProperties } from './credit-setup.ts';
import { HubspotRequestError } from './errors.ts';
import { HubspotHttp } from './http.ts';
import { asHubspotObject, type HubspotObject, toCrmOwner, toCrmRecord } from './mapping.ts';
import { MODIFIED_PROPERTY, READ_ASSOCIATIONS, READ_PROPERTIES } from './properties.ts';
import { type RateBudget, sharedRateBudget } from './rate-budget.ts';

const PAGE = 100;
const SEARCH_PAGE = 200;

interface Listing {
  results?: unknown[];
  paging?: { next?: { after?: string } };
  total?: number;
}

export function createHubspotCrm(config: Config, budget: RateBudget = sharedRateBudget(config)): Crm {
  if (!config.HUBSPOT_ACCESS_TOKEN) throw new ValidationError('HUBSPOT_ACCESS_TOKEN is not set');
  const http = new HubspotHttp({
    baseUrl: config.HUBSPOT_API_BASE_URL,
    accessToken: config.HUBSPOT_ACCESS_TOKEN,
    timeoutMs: config.HUBSPOT_TIMEOUT_MS,
    maxRetries: config.HUBSPOT_MAX_RETRIES,
    budget,
  });
  const currency = config.BASE_CURRENCY;
  const map = <T extends CrmObjectType>(type: T, objects: readonly unknown[]): CrmResult<T>[] =>
    objects.map((object) => toCrmRecord(type, object, currency));

  return {
    async listPage(type, after, options = {}) {
      const associations = READ_ASSOCIATIONS[type];
      const { body } = await http.request({
        method: 'GET',
        path: hubspotPaths.list(type),
        query: {
          limit: String(PAGE),
          after: after ?? undefined,
          properties: READ_PROPERTIES[type].join(','),
          associations: associations.length > 0 ? associations.join(',') : undefined,
          archived: options.archived ? 'true' : undefined,
        },
      });
      const listing = (body ?? {}) as Listing;
      await completeListedAssociations(http, type, listing.results ?? []);
      return { records: map(type, listing.results ?? []), next: listing.paging?.next?.after ?? null };
    },

    async searchModifiedSince(type, since, after): Promise<CrmSearchPage<CrmResult<typeof type>>> {
      const property = MODIFIED_PROPERTY[type];
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.search(type),
        kind: 'search',
        body: {
          filterGroups: [
            { filters: [{ propertyName: property, operator: 'GTE', value: String(since.getTime()) }] },
          ],
          sorts: [{ propertyName: property, direction: 'ASCENDING' }],
          properties: READ_PROPERTIES[type],
          limit: SEARCH_PAGE,
          ...(after ? { after } : {}),
        },
      });
      const listing = (body ?? {}) as Listing;
      const objects = (listing.results ?? []).map(asHubspotObject);
      await attachAssociations(http, type, objects);
      return {
        records: map(type, objects),
        next: listing.paging?.next?.after ?? null,
        total: listing.total ?? objects.length,
      };
    },

    async count(type) {
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.search(type),
        kind: 'search',
        body: { filterGroups: [], limit: 1, properties: ['hs_object_id'] },
      });
      return (body as Listing | null)?.total ?? 0;
    },

    async batchRead(type, ids) {
      if (ids.length === 0) return { records: [], missing: [] };
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.batchRead(type),
        query: { archived: 'false' },
        body: { inputs: ids.map((id) => ({ id })), properties: READ_PROPERTIES[type] },
      });
      const objects: HubspotObject[] = ((body as Listing | null)?.results ?? []).map(asHubspotObject);
      await attachAssociations(http, type, objects);
      const found = new Set(objects.map((object) => object.id));
      return { records: map(type, objects), missing: ids.filter((id) => !found.has(id)) };
    },

    async listOwners(after, options = {}): Promise<CrmPage<CrmOwner | CrmRejected>> {
      const { body } = await http.request({
        method: 'GET',
        path: hubspotPaths.owners(),
        query: {
          limit: String(PAGE),
          after: after ?? undefined,
          archived: options.archived ? 'true' : undefined,
        },
      });
      const listing = (body ?? {}) as Listing;
      return {
        records: (listing.results ?? []).map((owner) => ({
          ...toCrmOwner(owner),
          archived: options.archived === true,
        })),
        next: listing.paging?.next?.after ?? null,
      };
    },

    ensureCreditProperties: () => ensureCreditProperties(http),

    updateCredit: (type, updates) => updateCredit(http, type, updates),

    async createTask(task: CrmTask) {
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.tasks(),
        body: {
          properties: {
            hs_timestamp: task.dueAt.toISOString(),
            hs_task_subject: task.subject,
            hs_task_body: task.body,
            hs_task_status: 'NOT_STARTED',
            ...(task.ownerCrmId ? { hubspot_owner_id: task.ownerCrmId } : {}),
          },
          associations: [
            {
              to: { id: task.companyCrmId },
              types: [
                { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY_ASSOCIATION },
              ],
            },
          ],
        },
      });
      return { id: String((body as { id?: string | number } | null)?.id ?? '') };
    },

    stats: () => ({ ...http.counters }),
  };
}

/**
 * One batch update of up to 100 records. Records HubSpot no longer has come back as per-record
 * OBJECT_NOT_FOUND errors (207) or, when the whole batch is refused for them, are named in the error's
 * context ids: they are set aside as missing and the rest is sent again, so a merged or deleted record
 * never fails the batch. Records refused for any other reason are returned as `refused`, never as sent.
 */
async function updateCredit(
  http: HubspotHttp,
  type: CreditObjectType,
  updates: readonly CreditUpdate[],
): Promise<CreditUpdateResult> {
  const missing: string[] = [];
  let pending = [...updates];
  for (let round = 0; round < 2 && pending.length > 0; round++) {
    try {
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.batchUpdate(CREDIT_OBJECT[type]),
        body: {
          inputs: pending.map((update) => ({
            id: update.crmId,
            properties: toHubspotProperties(type, update.values),
          })),
        },
      });
      const listing = (body ?? {}) as { results?: { id?: string | number }[]; errors?: BatchError[] };
      const updated = new Set((listing.results ?? []).map((result) => String(result.id)));
      const notFound = new Set(
        (listing.errors ?? []).filter((entry) => entry.category === 'OBJECT_NOT_FOUND').flatMap(idsOf),
      );
      const refused: { crmId: string; reason: string }[] = [];
      for (const update of pending) {
        if (updated.has(update.crmId)) continue;
        if (notFound.has(update.crmId)) missing.push(update.crmId);
        else refused.push({ crmId: update.crmId, reason: reasonFor(update.crmId, listing.errors ?? []) });
      }
      return { updated: [...updated], missing, refused };
    } catch (error) {
      const gone =
        error instanceof HubspotRequestError && [400, 404].includes(error.httpStatus ?? 0)
          ? new Set(error.contextIds)
          : new Set<string>();
      const remaining = pending.filter((update) => !gone.has(update.crmId));
      if (gone.size === 0 || remaining.length === pending.length) throw error;
      missing.push(...pending.filter((update) => gone.has(update.crmId)).map((update) => update.crmId));
      pending = remaining;
    }
  }
  // Still refused after setting the missing ones aside: nothing else was sent.
  return {
    updated: [],
    missing,
    refused: pending.map((update) => ({ crmId: update.crmId, reason: 'refused with the batch' })),
  };
}

interface BatchError {
  category?: string;
  message?: string;
  context?: { ids?: unknown };
}

function idsOf(entry: BatchError): string[] {
  return Array.isArray(entry.context?.ids) ? entry.context.ids.map(String) : [];
}

function reasonFor(crmId: string, errors: readonly BatchError[]): string {
  const entry = errors.find((candidate) => idsOf(candidate).includes(crmId));
  return entry ? `${entry.category ?? 'ERROR'}: ${entry.message ?? 'no message'}` : 'not in the response';
}
