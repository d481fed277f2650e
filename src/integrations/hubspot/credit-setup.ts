// Creates (or brings up to date) the "Credit" property group and its properties. Safe to run again:
// what already matches is left alone.

import type { CreditObjectType } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import {
  CREDIT_GROUP,
  CREDIT_OBJECT,
  CREDIT_PROPERTIES,
  type PropertyDefinition,
} from './credit-properties.ts';
import { HubspotRequestError } from './errors.ts';
import type { HubspotHttp } from './http.ts';

async function getOrNull(http: HubspotHttp, path: string): Promise<unknown> {
  try {
    return (await http.request({ method: 'GET', path })).body;
  } catch (error) {
    if (error instanceof HubspotRequestError && error.httpStatus === 404) return null;
    throw error;
  }
}

export async function creditPropertyGroupExists(http: HubspotHttp, type: CreditObjectType) {
  return (await getOrNull(http, hubspotPaths.propertyGroup(CREDIT_OBJECT[type], CREDIT_GROUP.name))) !== null;
}

function differs(existing: Record<string, unknown>, wanted: PropertyDefinition): boolean {
  if (existing.label !== wanted.label || existing.type !== wanted.type) return true;
  if (existing.fieldType !== wanted.fieldType || existing.groupName !== CREDIT_GROUP.name) return true;
  const existingOptions = Array.isArray(existing.options) ? (existing.options as { value?: string }[]) : [];
  const wantedValues = (wanted.options ?? []).map((option) => option.value).join('|');
  return existingOptions.map((option) => option.value).join('|') !== wantedValues;
}

export async function ensureCreditProperties(http: HubspotHttp) {
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  for (const type of ['company', 'deal'] as const) {
    const object = CREDIT_OBJECT[type];
    if (!(await getOrNull(http, hubspotPaths.propertyGroup(object, CREDIT_GROUP.name)))) {
      await http.request({ method: 'POST', path: hubspotPaths.propertyGroups(object), body: CREDIT_GROUP });
      created.push(`${object}:group:${CREDIT_GROUP.name}`);
    }
    for (const definition of Object.values(CREDIT_PROPERTIES[type])) {
      const body = { ...definition, groupName: CREDIT_GROUP.name };
      const existing = await getOrNull(http, hubspotPaths.property(object, definition.name));
      const label = `${object}:${definition.name}`;
      if (!existing) {
        await http.request({ method: 'POST', path: hubspotPaths.properties(object), body });
        created.push(label);
      } else if (differs(existing as Record<string, unknown>, definition)) {
        const { name: _name, ...patch } = body;
        await http.request({
          method: 'PATCH',
          path: hubspotPaths.property(object, definition.name),
          body: patch,
        });
        updated.push(label);
      } else {
        unchanged.push(label);
      }
    }
  }
  return { created, updated, unchanged };
}
