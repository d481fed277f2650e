// Resolves the company references of an import batch in one query each way.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';

export interface CompanyRef {
  companyId?: string | undefined;
  companyExternalId?: string | undefined;
  companyHubspotId?: string | undefined;
}

export async function resolveCompanies(db: Queryable, refs: readonly CompanyRef[]) {
  const json = JSON.stringify(
    refs.map((ref) => ({
      id: ref.companyId ?? null,
      ext: ref.companyExternalId ?? null,
      hs: ref.companyHubspotId ?? null,
    })),
  );
  const rows = await queryRows<{ ord: string | number; company_id: string | null }>(
    db,
    sql`select r.ord, coalesce(byid.id, byext.id, byhs.id) as company_id
      from jsonb_array_elements(${json}::jsonb) with ordinality as r(ref, ord)
      left join companies byid on byid.id::text = r.ref->>'id'
      left join companies byext on byext.external_id = r.ref->>'ext'
      left join companies byhs on byhs.hubspot_id = r.ref->>'hs'
      order by r.ord`,
  );
  return rows.map((row) => (row.company_id ? String(row.company_id) : null));
}
