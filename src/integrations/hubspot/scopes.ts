// Every outbound HubSpot call and the scope it needs, in one table. The app's requiredScopes
// (hubspot/src/app/app-hsmeta.json) are exactly the scopes this table names (a test keeps them equal),
// and the test portal refuses a call whose scope was not granted, as HubSpot does.

import { CRM_OBJECT_TYPES, type CrmObjectType } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import { CREDIT_OBJECT } from './credit-properties.ts';
import { READ_ASSOCIATIONS } from './properties.ts';

export interface HubspotCall {
  call: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** The request path; a `:name` segment stands for any value. */
  path: string;
  /** Null for calls authenticated by the app's client credentials rather than the access token. */
  scope: string | null;
}

const read = (type: CrmObjectType | 'owners') => `crm.objects.${type}.read`;
const write = (type: CrmObjectType) => `crm.objects.${type}.write`;

const objectCalls = CRM_OBJECT_TYPES.flatMap((type): HubspotCall[] => [
  { call: `objects.list ${type}`, method: 'GET', path: hubspotPaths.list(type), scope: read(type) },
  { call: `objects.search ${type}`, method: 'POST', path: hubspotPaths.search(type), scope: read(type) },
  {
    call: `objects.batchRead ${type}`,
    method: 'POST',
    path: hubspotPaths.batchRead(type),
    scope: read(type),
  },
  // HubSpot takes any of the two objects' read scopes here; the one of the record read is enough.
  ...READ_ASSOCIATIONS[type].map(
    (to): HubspotCall => ({
      call: `associations.batchRead ${type} to ${to}`,
      method: 'POST',
      path: hubspotPaths.associationsBatchRead(type, to),
      scope: read(type),
    }),
  ),
]);

const creditCalls = Object.values(CREDIT_OBJECT).flatMap((object): HubspotCall[] => [
  {
    call: `objects.batchUpdate ${object}`,
    method: 'POST',
    path: hubspotPaths.batchUpdate(object),
    scope: write(object),
  },
  ...(['GET', 'PATCH'] as const).map(
    (method): HubspotCall => ({
      call: `properties.${method === 'GET' ? 'read' : 'update'} ${object}`,
      method,
      path: hubspotPaths.property(object, ':name'),
      scope: `crm.schemas.${object}.${method === 'GET' ? 'read' : 'write'}`,
    }),
  ),
  {
    call: `properties.create ${object}`,
    method: 'POST',
    path: hubspotPaths.properties(object),
    scope: `crm.schemas.${object}.write`,
  },
  {
    call: `propertyGroups.read ${object}`,
    method: 'GET',
    path: hubspotPaths.propertyGroup(object, ':name'),
    scope: `crm.schemas.${object}.read`,
  },
  {
    call: `propertyGroups.create ${object}`,
    method: 'POST',
    path: hubspotPaths.propertyGroups(object),
    scope: `crm.schemas.${object}.write`,
  },
]);

export const HUBSPOT_CALLS: readonly HubspotCall[] = [
  ...objectCalls,
  ...creditCalls,
  { call: 'owners.list', method: 'GET', path: hubspotPaths.owners(), scope: read('owners') },
  // Tasks and notes are engagements: HubSpot guards them with the contacts scopes.
  { call: 'tasks.create', method: 'POST', path: hubspotPaths.tasks(), scope: write('contacts') },
  { call: 'notes.create', method: 'POST', path: hubspotPaths.notes(), scope: write('contacts') },
  { call: 'account.details', method: 'GET', path: hubspotPaths.accountDetails(), scope: 'oauth' },
  {
    call: 'currencies.companyCurrency',
    method: 'GET',
    path: hubspotPaths.companyCurrency(),
    scope: 'settings.currencies.read',
  },
  {
    call: 'currencies.currentExchangeRates',
    method: 'GET',
    path: hubspotPaths.currentExchangeRates(),
    scope: 'settings.currencies.read',
  },
  { call: 'oauth.introspect', method: 'POST', path: hubspotPaths.tokenIntrospection(), scope: null },
];

/** The scopes the app must be granted: every scope the table names, once, sorted. */
export function requiredHubspotScopes(): string[] {
  const scopes = HUBSPOT_CALLS.map((entry) => entry.scope).filter((scope) => scope !== null);
  return [...new Set(scopes)].sort();
}

/** The table entry for a request, matching `:name` segments to any single segment. */
export function hubspotCallFor(method: string, path: string): HubspotCall | undefined {
  const parts = path.split('/');
  return HUBSPOT_CALLS.find((entry) => {
    if (entry.method !== method.toUpperCase()) return false;
    const pattern = entry.path.split('/');
    return (
      pattern.length === parts.length &&
      pattern.every((segment, index) => segment.startsWith(':') || segment === parts[index])
    );
  });
}
