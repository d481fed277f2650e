// The HubSpot implementation of the Crm interface, over the REST API with fetch (see docs/hubspot-and-slack.md: the SDK
// hides response headers and retries 429s its own way, which would split the process's rate budget).
// Every path comes from api-paths.ts, on one date-versioned API release.

import type { Config } from '../../config/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Crm, CrmObjectType, CrmOwner, CrmPage, CrmRejected, CrmResult, CrmSearchPage } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import { attachAssociations, completeListedAssociations } from './associations.ts';
import { creditPropertyGroupExists, ensureCreditProperties } from './credit-setup.ts';
import { updateCredit } from './credit-update.ts';
import { companyCurrency, currentExchangeRates } from './currencies.ts';
import { createNote, createTask } from './engagements.ts';
import { HubspotHttp } from './http.ts';
import { asHubspotObject, type HubspotObject, toCrmOwner, toCrmRecord } from './mapping.ts';
import { accessTokenInfo, accountDetails } from './portal-info.ts';
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
  // A deal without deal_currency_code is in the portal's company currency: asked once, when the first
  // page of deals needs it. If HubSpot cannot say (an outage, a token without settings.currencies.read),
  // the page is not lost: it takes BASE_CURRENCY (else USD) and the next page asks again.
  let homeCurrency: Promise<string> | undefined;
  const fallbackCurrency = config.BASE_CURRENCY ?? 'USD';
  const dealCurrency = (): Promise<string> => {
    homeCurrency ??= companyCurrency(http).catch(() => {
      homeCurrency = undefined;
      return fallbackCurrency;
    });
    return homeCurrency;
  };
  const map = async <T extends CrmObjectType>(
    type: T,
    objects: readonly unknown[],
  ): Promise<CrmResult<T>[]> => {
    const currency = type === 'deals' && objects.length > 0 ? await dealCurrency() : '';
    return objects.map((object) => toCrmRecord(type, object, currency));
  };

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
      return { records: await map(type, listing.results ?? []), next: listing.paging?.next?.after ?? null };
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
        records: await map(type, objects),
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
      return { records: await map(type, objects), missing: ids.filter((id) => !found.has(id)) };
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

    createTask: (task) => createTask(http, task),
    createNote: (note) => createNote(http, note),
    companyCurrency: () => companyCurrency(http),
    currentExchangeRates: () => currentExchangeRates(http),
    accountDetails: () => accountDetails(http),
    accessTokenInfo: () => accessTokenInfo(http, config),
    rateLimit: () => http.portalRateLimit(),
    creditPropertyGroupExists: (type) => creditPropertyGroupExists(http, type),

    stats: () => ({ ...http.counters }),
  };
}
