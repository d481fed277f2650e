// Fills in associations through the v4 associations batch read: for objects that came from search or
// batch read (neither returns them), one call per association type for a whole page; and for listed
// objects whose associations the list response cut short (it carries up to 100 per type). Each
// object's associations page on their own (`after` per object), and every page is read.

import type { CrmObjectType } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import type { HubspotHttp } from './http.ts';
import type { HubspotObject } from './mapping.ts';
import { READ_ASSOCIATIONS } from './properties.ts';

/** HubSpot accepts up to 1,000 ids per associations batch read (changelog, February 2025). */
const BATCH = 1_000;

interface AssociationResult {
  from?: { id?: string | number };
  to?: { toObjectId?: string | number; associationTypes?: { label?: string | null }[] }[];
  paging?: { next?: { after?: string } };
}

export async function attachAssociations(
  http: HubspotHttp,
  type: CrmObjectType,
  objects: HubspotObject[],
): Promise<void> {
  // An object already rejected (no usable id) is not asked about: one bad id would fail the whole read.
  const byId = new Map(objects.filter((object) => !object.problem).map((object) => [object.id, object]));
  for (const target of READ_ASSOCIATIONS[type]) {
    for (const object of byId.values()) {
      object.associations = { ...object.associations, [target]: { results: [] } };
    }
    const ids = [...byId.keys()];
    for (let start = 0; start < ids.length; start += BATCH) {
      let inputs: { id: string; after?: string }[] = ids.slice(start, start + BATCH).map((id) => ({ id }));
      while (inputs.length > 0) {
        const { body } = await http.request({
          method: 'POST',
          path: hubspotPaths.associationsBatchRead(type, target),
          body: { inputs },
        });
        const results = (body as { results?: AssociationResult[] } | null)?.results ?? [];
        const more: { id: string; after: string }[] = [];
        for (const result of results) {
          const id = String(result.from?.id);
          const object = byId.get(id);
          if (!object) continue;
          const found = (result.to ?? []).map((to) => ({
            id: String(to.toObjectId),
            type: to.associationTypes?.some((kind) => kind.label === 'Primary') ? 'primary' : 'x_unlabeled',
          }));
          const earlier = object.associations?.[target]?.results ?? [];
          object.associations = { ...object.associations, [target]: { results: [...earlier, ...found] } };
          const after = result.paging?.next?.after;
          if (after) more.push({ id, after });
        }
        inputs = more;
      }
    }
  }
}

/** Whether a listed object's associations of some type were cut short (the response pages them). */
function truncated(
  raw: unknown,
): raw is { id: string | number; associations: HubspotObject['associations'] } {
  if (typeof raw !== 'object' || raw === null) return false;
  const { id, associations } = raw as { id?: unknown; associations?: Record<string, { paging?: unknown }> };
  // An object without a usable id is rejected when mapped; asking HubSpot about it would fail the page.
  if ((typeof id !== 'string' && typeof id !== 'number') || !/^\d+$/.test(String(id))) return false;
  return Object.values(associations ?? {}).some((entry) => entry?.paging !== undefined);
}

/**
 * Completes the associations of listed objects that carry more than the list response returned: they
 * are read again in full through the v4 batch read, in place, before the objects are mapped.
 */
export async function completeListedAssociations(
  http: HubspotHttp,
  type: CrmObjectType,
  results: readonly unknown[],
): Promise<void> {
  const cut = results.filter(truncated);
  if (cut.length === 0) return;
  const objects = cut.map((raw) => ({ id: String(raw.id), properties: {} }) as HubspotObject);
  await attachAssociations(http, type, objects);
  cut.forEach((raw, index) => {
    raw.associations = objects[index]?.associations;
  });
}
