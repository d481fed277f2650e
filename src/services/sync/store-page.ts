// Stores one page of CRM records of any type, and marks records HubSpot no longer has. A record that
// cannot be stored is set aside in sync_rejections with its reason; the rest of the page is stored.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import {
  type CrmCompany,
  type CrmContact,
  type CrmDeal,
  type CrmInvoice,
  type CrmObjectType,
  type CrmRecordOf,
  type CrmResult,
  isRejected,
} from '../../integrations/crm.ts';
import type { ServiceContext } from '../context.ts';
import { afterCreditDataChanged } from './after-change.ts';
import { upsertIsolated } from './isolate.ts';
import { fromProblem, fromRefused, type Rejection, recordRejections } from './rejections.ts';
import { anyText, instantParam } from './sql-values.ts';
import { type StoredPage, upsertDeals, upsertHubspotInvoices } from './upsert-deals-invoices.ts';
import { upsertCompanies, upsertContacts } from './upsert-parties.ts';

export interface PageCounts {
  received: number;
  stored: number;
  /** Not stored and not rejected: older than the stored copy, or a repeat of a record in the same page. */
  skipped: number;
  /** Set aside in sync_rejections with a reason. */
  rejected: number;
}

export interface StoreOptions {
  /**
   * A full sync passes true: it rescores the whole portfolio once at the end (set-based) instead of
   * recomputing after every page, and does not run deal checks on records that merely arrive.
   */
  deferCredit?: boolean;
  /** The sync run the page belongs to, recorded with its rejections (none for webhook re-reads). */
  runId?: bigint;
  /** Upsert under savepoints to find the records the database refuses (see isolate.ts). */
  careful?: boolean;
}

/**
 * One copy per record: HubSpot pages can repeat a record (within a page and across pages), and one
 * statement may not touch a row twice. The newest copy wins; of equal times, the later one.
 */
export function newestCopies<T extends { id: string; updatedAt: Date }>(records: readonly T[]): T[] {
  const newest = new Map<string, T>();
  // Records without an id are not copies of one another: each is counted (and rejected) on its own.
  const unnamed = records.filter((record) => record.id === '');
  for (const record of records) {
    if (record.id === '') continue;
    const kept = newest.get(record.id);
    if (!kept || kept.updatedAt.getTime() <= record.updatedAt.getTime()) newest.set(record.id, record);
  }
  return [...newest.values(), ...unnamed];
}

const EMPTY: StoredPage = { stored: 0, companyIds: [], changedDealIds: [], orphans: [] };

function mergeStored(a: StoredPage, b: StoredPage): StoredPage {
  return {
    stored: a.stored + b.stored,
    companyIds: [...new Set([...a.companyIds, ...b.companyIds])],
    changedDealIds: [...(a.changedDealIds ?? []), ...(b.changedDealIds ?? [])],
    orphans: [...(a.orphans ?? []), ...(b.orphans ?? [])],
  };
}

async function upsertOf<T extends CrmObjectType>(
  tx: Queryable,
  ctx: ServiceContext,
  type: T,
  records: readonly CrmRecordOf[T][],
  now: Date,
): Promise<StoredPage> {
  if (type === 'companies') {
    // Informational only (a HubSpot company has no currency); credit figures use the policy's base.
    return upsertCompanies(tx, records as readonly CrmCompany[], ctx.config.BASE_CURRENCY ?? 'USD', now);
  }
  if (type === 'contacts')
    return { stored: await upsertContacts(tx, records as readonly CrmContact[], now), companyIds: [] };
  if (type === 'deals') return upsertDeals(tx, records as readonly CrmDeal[], now);
  return upsertHubspotInvoices(tx, records as readonly CrmInvoice[], now);
}

function orphanReason(invoice: CrmInvoice): string {
  return invoice.companyId
    ? `its company ${invoice.companyId} is not synced (rejected, deleted or not yet listed)`
    : 'it has no company association';
}

export async function storePage<T extends CrmObjectType>(
  tx: Queryable,
  ctx: ServiceContext,
  type: T,
  results: readonly CrmResult<T>[],
  now: Date,
  options: StoreOptions = {},
): Promise<PageCounts> {
  const copies = newestCopies(results);
  const records = copies.filter((record): record is CrmRecordOf[T] => !isRejected(record));
  const { result, refused } = await upsertIsolated(
    tx,
    options.careful ?? false,
    records,
    (db, part) => upsertOf(db, ctx, type, part, now),
    mergeStored,
    EMPTY,
  );
  const rejections: Rejection[] = [
    ...copies.filter(isRejected).map(fromProblem),
    ...refused.map(({ record, reason }) => fromRefused(record, reason, record.updatedAt)),
    ...(result.orphans ?? []).map((invoice) => ({
      id: invoice.id,
      reason: orphanReason(invoice),
      received: invoice,
      updatedAt: invoice.updatedAt,
    })),
  ];
  await recordRejections(tx, ctx.logger, type, rejections, now, options.runId ?? null);
  if (type !== 'contacts' && !options.deferCredit) {
    await afterCreditDataChanged(tx, ctx, {
      companyIds: result.companyIds,
      ...(result.changedDealIds ? { dealIds: result.changedDealIds } : {}),
    });
  }
  return {
    received: results.length,
    stored: result.stored,
    skipped: results.length - result.stored - rejections.length,
    rejected: rejections.length,
  };
}

const TABLE: Record<CrmObjectType, string> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: 'invoices',
};

/**
 * Records deleted (or merged away) in HubSpot: archived here, never deleted, so history stays. Their
 * rejections go: there is nothing left to fix.
 */
export async function markGone(
  tx: Queryable,
  ctx: ServiceContext,
  type: CrmObjectType,
  hubspotIds: readonly string[],
  at: Date,
): Promise<number> {
  if (hubspotIds.length === 0) return 0;
  const ids = anyText(hubspotIds);
  await tx.execute(sql`delete from sync_rejections where object_type = ${type} and hubspot_id = ${ids}`);
  if (type === 'invoices') {
    // A deleted HubSpot invoice no longer counts toward exposure; a restore re-reads it with its status.
    const rows = await queryRows<{ company_id: string }>(
      tx,
      sql`update invoices set status = 'void', updated_at = ${instantParam(at)}
        where source = 'hubspot' and external_id = ${ids} and status <> 'void' returning company_id`,
    );
    await afterCreditDataChanged(tx, ctx, { companyIds: rows.map((row) => String(row.company_id)) });
    return rows.length;
  }
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(TABLE[type])} set archived_at = ${instantParam(at)}, updated_at = ${instantParam(at)}
      where hubspot_id = ${ids} and archived_at is null returning id`,
  );
  if (type === 'companies')
    await afterCreditDataChanged(tx, ctx, { companyIds: rows.map((row) => String(row.id)) });
  return rows.length;
}
