// Every HubSpot endpoint path, in one place, on one date-versioned API release. Moving to the next
// release (HubSpot publishes one each March and September) is a change of HUBSPOT_API_VERSION, plus
// whatever shape changes that release's changelog lists.

import type { CrmObjectType } from '../crm.ts';

/** The HubSpot API release every call uses. */
export const HUBSPOT_API_VERSION = '2026-09';

const V = HUBSPOT_API_VERSION;
const OBJECTS = `/crm/objects/${V}`;
const PROPERTIES = `/crm/properties/${V}`;
const ASSOCIATIONS = `/crm/associations/${V}`;
const CURRENCIES = `/settings/currencies/${V}`;

/** HubSpot's object type names; invoices are object 0-53. */
export const HUBSPOT_OBJECT: Record<CrmObjectType | 'tasks' | 'notes', string> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: '0-53',
  tasks: 'tasks',
  notes: 'notes',
};

export const hubspotPaths = {
  list: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}`,
  search: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/search`,
  batchRead: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/batch/read`,
  batchUpdate: (type: 'companies' | 'deals') => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/batch/update`,
  associationsBatchRead: (from: CrmObjectType, to: CrmObjectType) =>
    `${ASSOCIATIONS}/${HUBSPOT_OBJECT[from]}/${HUBSPOT_OBJECT[to]}/batch/read`,
  owners: () => `/crm/owners/${V}`,
  tasks: () => `${OBJECTS}/${HUBSPOT_OBJECT.tasks}`,
  notes: () => `${OBJECTS}/${HUBSPOT_OBJECT.notes}`,
  propertyGroup: (object: string, name: string) => `${PROPERTIES}/${object}/groups/${name}`,
  propertyGroups: (object: string) => `${PROPERTIES}/${object}/groups`,
  property: (object: string, name: string) => `${PROPERTIES}/${object}/${name}`,
  properties: (object: string) => `${PROPERTIES}/${object}`,
  accountDetails: () => `/account-info/${V}/details`,
  companyCurrency: () => `${CURRENCIES}/company-currency`,
  currentExchangeRates: () => `${CURRENCIES}/exchange-rates/current`,
  tokenIntrospection: () => `/oauth/${V}/token/introspect`,
} as const;

/** HubSpot-defined association type ids from an engagement to a company. */
export const TASK_TO_COMPANY_ASSOCIATION = 192;
export const NOTE_TO_COMPANY_ASSOCIATION = 190;
