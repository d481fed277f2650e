// Every HubSpot endpoint path, in one place: moving from /crm/v3 to the date-versioned paths
// (/crm/objects/2026-03/...) is a change to this module only.

import type { CrmObjectType } from '../crm.ts';

const OBJECTS = '/crm/v3/objects';
const PROPERTIES = '/crm/v3/properties';
const ASSOCIATIONS = '/crm/v4/associations';

/** HubSpot's object type names; invoices are object 0-53. */
export const HUBSPOT_OBJECT: Record<CrmObjectType | 'tasks', string> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: '0-53',
  tasks: 'tasks',
};

export const hubspotPaths = {
  list: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}`,
  search: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/search`,
  batchRead: (type: CrmObjectType) => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/batch/read`,
  batchUpdate: (type: 'companies' | 'deals') => `${OBJECTS}/${HUBSPOT_OBJECT[type]}/batch/update`,
  associationsBatchRead: (from: CrmObjectType, to: CrmObjectType) =>
    `${ASSOCIATIONS}/${HUBSPOT_OBJECT[from]}/${HUBSPOT_OBJECT[to]}/batch/read`,
  owners: () => '/crm/v3/owners',
  tasks: () => `${OBJECTS}/tasks`,
  propertyGroup: (object: string, name: string) => `${PROPERTIES}/${object}/groups/${name}`,
  propertyGroups: (object: string) => `${PROPERTIES}/${object}/groups`,
  property: (object: string, name: string) => `${PROPERTIES}/${object}/${name}`,
  properties: (object: string) => `${PROPERTIES}/${object}`,
} as const;

/** HubSpot-defined association type id for task → company. */
export const TASK_TO_COMPANY_ASSOCIATION = 192;
