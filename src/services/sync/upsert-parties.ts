// Set-based upserts for owners, companies and contacts: one statement per page (ids unique within it),
// which also clears the rejections of the records it takes. A copy older than the stored one never
// overwrites it, so out-of-order fetches converge on the newest state.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import type { CrmCompany, CrmContact, CrmOwner } from '../../integrations/crm.ts';
import { clearedBy } from './rejections.ts';
import { instantParam } from './sql-values.ts';

const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

export async function upsertOwners(tx: Queryable, owners: readonly CrmOwner[], now: Date): Promise<number> {
  if (owners.length === 0) return 0;
  const rows = owners.map((o) => ({
    id: o.id,
    email: o.email,
    first: o.firstName,
    last: o.lastName,
    archived: o.archived,
  }));
  const result = await queryRows(
    tx,
    sql`with input as (
        select r.*, null::timestamptz as updated
        from jsonb_to_recordset(${json(rows)}) as r(id text, email text, first text, last text, archived boolean)
      ), ${clearedBy('owners', sql`input`)}
      insert into owners (hubspot_owner_id, email, first_name, last_name, archived, updated_at)
      select r.id, r.email, r.first, r.last, r.archived, ${instantParam(now)}
      from input r
      on conflict (hubspot_owner_id) do update set
        email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name,
        archived = excluded.archived, updated_at = excluded.updated_at,
        -- A changed email invalidates a Slack match found by email (never a manual one).
        slack_user_id = case when owners.slack_mapping_source = 'email'
          and lower(owners.email) is distinct from lower(excluded.email) then null else owners.slack_user_id end,
        slack_mapping_source = case when owners.slack_mapping_source = 'email'
          and lower(owners.email) is distinct from lower(excluded.email) then null else owners.slack_mapping_source end
      returning id`,
  );
  return result.length;
}

export async function upsertCompanies(
  tx: Queryable,
  companies: readonly CrmCompany[],
  currency: string,
  now: Date,
): Promise<{ stored: number; companyIds: string[] }> {
  if (companies.length === 0) return { stored: 0, companyIds: [] };
  const rows = companies.map((c) => ({
    id: c.id,
    name: c.name,
    domain: c.domain,
    industry: c.industry,
    country: c.country,
    owner: c.ownerId,
    updated: c.updatedAt.toISOString(),
  }));
  const stored = await queryRows<{ id: string }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${json(rows)}) as r(id text, name text, domain text, industry text,
          country text, owner text, updated timestamptz)
      ), ${clearedBy('companies', sql`input`)}
      insert into companies (hubspot_id, name, domain, industry, country, currency, owner_id,
        hubspot_updated_at, archived_at, merged_into_id, updated_at)
      select r.id, r.name, r.domain, r.industry, r.country, ${currency}, o.id, r.updated, null, null, ${instantParam(now)}
      from input r
      left join owners o on o.hubspot_owner_id = r.owner
      on conflict (hubspot_id) do update set
        name = excluded.name, domain = excluded.domain, industry = excluded.industry,
        country = excluded.country, owner_id = excluded.owner_id,
        hubspot_updated_at = excluded.hubspot_updated_at, archived_at = null, merged_into_id = null,
        updated_at = excluded.updated_at
      where companies.hubspot_updated_at is null or companies.hubspot_updated_at <= excluded.hubspot_updated_at
      returning id`,
  );
  const merges = companies.flatMap((c) => c.mergedIds.map((merged) => ({ merged, primary: c.id })));
  const moved = merges.length > 0 ? await applyCompanyMerges(tx, merges, now) : [];
  return { stored: stored.length, companyIds: [...stored.map((row) => String(row.id)), ...moved] };
}

/** Records merged into another company: archive them and move what pointed at them to the survivor. */
export async function applyCompanyMerges(
  tx: Queryable,
  merges: readonly { merged: string; primary: string }[],
  now: Date,
): Promise<string[]> {
  const pairs = await queryRows<{ merged_id: string; primary_id: string }>(
    tx,
    sql`update companies m set archived_at = coalesce(m.archived_at, ${instantParam(now)}), merged_into_id = p.id, updated_at = ${instantParam(now)}
      from jsonb_to_recordset(${json([...merges])}) as r(merged text, "primary" text)
      join companies p on p.hubspot_id = r."primary"
      where m.hubspot_id = r.merged and m.id <> p.id
      returning m.id as merged_id, p.id as primary_id`,
  );
  if (pairs.length === 0) return [];
  const map = json(pairs.map((pair) => ({ merged: pair.merged_id, primary: pair.primary_id })));
  for (const table of ['invoices', 'payments', 'deals', 'contacts'] as const) {
    await tx.execute(
      sql`update ${sql.identifier(table)} t set company_id = r."primary"
        from jsonb_to_recordset(${map}) as r(merged uuid, "primary" uuid) where t.company_id = r.merged`,
    );
  }
  return pairs.flatMap((pair) => [String(pair.merged_id), String(pair.primary_id)]);
}

export async function upsertContacts(
  tx: Queryable,
  contacts: readonly CrmContact[],
  now: Date,
): Promise<number> {
  if (contacts.length === 0) return 0;
  const rows = contacts.map((c) => ({
    id: c.id,
    company: c.companyId,
    email: c.email,
    first: c.firstName,
    last: c.lastName,
    phone: c.phone,
    title: c.jobTitle,
    updated: c.updatedAt.toISOString(),
  }));
  const stored = await queryRows(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${json(rows)}) as r(id text, company text, email text, first text,
          last text, phone text, title text, updated timestamptz)
      ), ${clearedBy('contacts', sql`input`)}
      insert into contacts (hubspot_id, company_id, email, first_name, last_name, phone, job_title,
        hubspot_updated_at, archived_at, updated_at)
      select r.id, c.id, r.email, r.first, r.last, r.phone, r.title, r.updated, null, ${instantParam(now)}
      from input r
      left join companies c on c.hubspot_id = r.company
      on conflict (hubspot_id) do update set
        company_id = excluded.company_id, email = excluded.email, first_name = excluded.first_name,
        last_name = excluded.last_name, phone = excluded.phone, job_title = excluded.job_title,
        hubspot_updated_at = excluded.hubspot_updated_at, archived_at = null, updated_at = excluded.updated_at
      where contacts.hubspot_updated_at is null or contacts.hubspot_updated_at <= excluded.hubspot_updated_at
      returning id`,
  );
  return stored.length;
}
