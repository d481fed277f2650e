// Fills in associations for objects that came from search or batch read (neither returns them),
// through the v4 associations batch read: one call per association type for a whole search page.

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
}

export async function attachAssociations(
  http: HubspotHttp,
  type: CrmObjectType,
  objects: HubspotObject[],
): Promise<void> {
  const byId = new Map(objects.map((object) => [object.id, object]));
  for (const target of READ_ASSOCIATIONS[type]) {
    for (const object of objects) {
      object.associations = { ...object.associations, [target]: { results: [] } };
    }
    const ids = [...byId.keys()];
    for (let start = 0; start < ids.length; start += BATCH) {
      const inputs = ids.slice(start, start + BATCH).map((id) => ({ id }));
      const { body } = await http.request({
        method: 'POST',
        path: hubspotPaths.associationsBatchRead(type, target),
        body: { inputs },
      });
      const results = (body as { results?: AssociationResult[] } | null)?.results ?? [];
      for (const result of results) {
        const object = byId.get(String(result.from?.id));
        if (!object) continue;
        object.associations = {
          ...object.associations,
          [target]: {
            results: (result.to ?? []).map((to) => ({
              id: String(to.toObjectId),
              type: to.associationTypes?.some((kind) => kind.label === 'Primary') ? 'primary' : 'x_unlabeled',
            })),
          },
        };
      }
    }
  }
}
