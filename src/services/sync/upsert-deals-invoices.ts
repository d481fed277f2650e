// Set-based upserts for deals (with their contacts) and HubSpot invoices, one statement per page (ids
// unique within it), which also clears the rejections of the records it takes. Both return the
// companies whose credit data they touched.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import type { CrmDeal, CrmInvoice } from '../../integrations/crm.ts';
import { isoDate } from '../../lib/dates.ts';
import { clearedBy } from './rejections.ts';
import { anyText, anyUuid, instantParam } from './sql-values.ts';

const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

export interface StoredPage {
  stored: number;
  companyIds: string[];
  /** Deals that are new or whose stage or amount changed: candidates for the credit check. */
  changedDealIds?: string[];
  /** Invoices not stored because their company is not (yet) known: rejected by the caller. */
  orphans?: CrmInvoice[];
}

export async function upsertDeals(tx: Queryable, deals: readonly CrmDeal[], now: Date): Promise<StoredPage> {
  if (deals.length === 0) return { stored: 0, companyIds: [] };
  const rows = deals.map((d) => ({
    id: d.id,
    company: d.companyId,
    owner: d.ownerId,
    name: d.name,
    amount: d.amount?.minor.toString() ?? null,
    currency: d.amount?.currency ?? null,
    pipeline: d.pipeline,
    stage: d.stage,
    close: d.closeDate,
    closed: d.isClosed,
    won: d.isWon,
    updated: d.updatedAt.toISOString(),
  }));
  // One statement: the CTE `before` sees the deals as they were before this page (every part of a
  // statement reads the same snapshot), to tell which ones changed stage, amount or company.
  const result = await queryRows<{
    kind: 'stored' | 'before';
    id: string | null;
    hubspot_id: string;
    stage: string | null;
    amount_minor: string | null;
    company_id: string | null;
  }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${json(rows)}) as r(id text, company text, owner text, name text,
          amount text, currency text, pipeline text, stage text, close text, closed boolean, won boolean,
          updated timestamptz)
      ), ${clearedBy('deals', sql`input`)}, before as (
        select hubspot_id, stage, amount_minor::text as amount_minor, company_id from deals
        where hubspot_id = ${anyText(rows.map((r) => r.id))}
      ), upserted as (
        insert into deals (hubspot_id, company_id, owner_id, name, amount_minor, currency, pipeline, stage,
          stage_entered_at, close_date, is_closed, is_won, hubspot_updated_at, archived_at, updated_at)
        select r.id, c.id, o.id, r.name, r.amount::bigint, r.currency, r.pipeline, r.stage, r.updated,
          r.close::date, r.closed, r.won, r.updated, null, ${instantParam(now)}
        from input r
        left join companies c on c.hubspot_id = r.company
        left join owners o on o.hubspot_owner_id = r.owner
        on conflict (hubspot_id) do update set
          company_id = excluded.company_id, owner_id = excluded.owner_id, name = excluded.name,
          amount_minor = excluded.amount_minor, currency = excluded.currency, pipeline = excluded.pipeline,
          stage = excluded.stage,
          stage_entered_at = case when deals.stage is distinct from excluded.stage
            then excluded.stage_entered_at else deals.stage_entered_at end,
          close_date = excluded.close_date, is_closed = excluded.is_closed, is_won = excluded.is_won,
          hubspot_updated_at = excluded.hubspot_updated_at, archived_at = null, updated_at = excluded.updated_at
        where deals.hubspot_updated_at is null or deals.hubspot_updated_at <= excluded.hubspot_updated_at
        returning id, hubspot_id, company_id
      )
      select 'stored' as kind, id, hubspot_id, null::text as stage, null::text as amount_minor, company_id
        from upserted
      union all
      select 'before', null, hubspot_id, stage, amount_minor, company_id from before`,
  );
  const stored = result.flatMap((row) =>
    row.kind === 'stored' && row.id
      ? [{ id: String(row.id), hubspot_id: String(row.hubspot_id), company_id: row.company_id }]
      : [],
  );
  const before = result.filter((row) => row.kind === 'before');
  const previous = new Map(before.map((row) => [String(row.hubspot_id), row]));
  if (stored.length > 0) await replaceDealContacts(tx, deals, stored);
  const incoming = new Map(rows.map((row) => [row.id, row]));
  const changedDealIds = stored.flatMap((row) => {
    const now = incoming.get(String(row.hubspot_id));
    const was = previous.get(String(row.hubspot_id));
    const changed = !was || was.stage !== now?.stage || (was.amount_minor ?? null) !== (now?.amount ?? null);
    return changed ? [String(row.id)] : [];
  });
  // A deal moved to another company leaves the old one's exposure to recompute as well.
  const companyIds = [...stored, ...before].flatMap((row) =>
    row.company_id ? [String(row.company_id)] : [],
  );
  return { stored: stored.length, companyIds: [...new Set(companyIds)], changedDealIds };
}

async function replaceDealContacts(
  tx: Queryable,
  deals: readonly CrmDeal[],
  stored: readonly { id: string; hubspot_id: string }[],
): Promise<void> {
  const ids = stored.map((row) => String(row.id));
  await tx.execute(sql`delete from deal_contacts where deal_id = ${anyUuid(ids)}`);
  // Our ids came back from the upsert, so only contacts need looking up.
  const ourId = new Map(stored.map((row) => [String(row.hubspot_id), String(row.id)]));
  const pairs = deals.flatMap((deal) => {
    const dealId = ourId.get(deal.id);
    return dealId ? deal.contactIds.map((contact) => ({ deal: dealId, contact })) : [];
  });
  if (pairs.length === 0) return;
  await tx.execute(
    sql`insert into deal_contacts (deal_id, contact_id)
      select r.deal, c.id from jsonb_to_recordset(${json(pairs)}) as r(deal uuid, contact text)
      join contacts c on c.hubspot_id = r.contact
      on conflict do nothing`,
  );
}

/** Invoices whose company is not (yet) known are not stored (an invoice always belongs to a company). */
export async function upsertHubspotInvoices(
  tx: Queryable,
  invoices: readonly CrmInvoice[],
  now: Date,
): Promise<StoredPage> {
  if (invoices.length === 0) return { stored: 0, companyIds: [] };
  const rows = invoices.map((i) => ({
    id: i.id,
    company: i.companyId,
    deal: i.dealId,
    number: i.number,
    currency: i.currency,
    amount: i.amountMinor.toString(),
    balance: i.balanceMinor.toString(),
    issued: i.issuedOn,
    due: i.dueOn,
    paid: i.paidOn ?? (i.status === 'paid' ? isoDate(i.updatedAt) : null),
    status: i.status,
    updated: i.updatedAt.toISOString(),
  }));
  // The CTE `before` reads the invoices as they were before this page (one snapshot per statement).
  const companies = await queryRows<{
    company_id: string | null;
    kind: 'stored' | 'before' | 'orphan';
    external_id: string | null;
  }>(
    tx,
    sql`with input as (
        select * from jsonb_to_recordset(${json(rows)}) as r(id text, company text, deal text, number text,
          currency text, amount text, balance text, issued text, due text, paid text, status text,
          updated timestamptz)
      ), ${clearedBy('invoices', sql`input`)}, before as (
        select company_id from invoices where source = 'hubspot' and external_id = ${anyText(rows.map((r) => r.id))}
      ), upserted as (
        insert into invoices (source, external_id, company_id, deal_id, number, currency, amount_minor,
          balance_minor, issued_on, due_on, status, paid_on, source_updated_at, updated_at)
        select 'hubspot', r.id, c.id, d.id, r.number, r.currency, r.amount::bigint, r.balance::bigint,
          r.issued::date, r.due::date, r.status, r.paid::date, r.updated, ${instantParam(now)}
        from input r
        join companies c on c.hubspot_id = r.company
        left join deals d on d.hubspot_id = r.deal
        on conflict (source, external_id) do update set
          company_id = excluded.company_id, deal_id = excluded.deal_id, number = excluded.number,
          currency = excluded.currency, amount_minor = excluded.amount_minor, balance_minor = excluded.balance_minor,
          issued_on = excluded.issued_on, due_on = excluded.due_on, status = excluded.status,
          paid_on = excluded.paid_on, source_updated_at = excluded.source_updated_at, updated_at = excluded.updated_at
        where invoices.source_updated_at is null or invoices.source_updated_at <= excluded.source_updated_at
        returning company_id
      )
      select company_id, 'stored' as kind, null as external_id from upserted
      union all
      select company_id, 'before', null from before
      union all
      select null, 'orphan', r.id from input r where not exists (select 1 from companies c where c.hubspot_id = r.company)`,
  );
  const stored = companies.filter((row) => row.kind === 'stored');
  // An invoice moved to another company leaves the old one's exposure to recompute as well.
  const companyIds = companies.flatMap((row) => (row.company_id ? [String(row.company_id)] : []));
  const orphans = new Set(
    companies.flatMap((row) => (row.kind === 'orphan' ? [String(row.external_id)] : [])),
  );
  return {
    stored: stored.length,
    companyIds: [...new Set(companyIds)],
    orphans: invoices.filter((invoice) => orphans.has(invoice.id)),
  };
}
