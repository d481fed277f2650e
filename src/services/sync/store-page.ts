// Stores one page of CRM records of any type, and marks records HubSpot no longer has.

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import {
  type CrmCompany,
  type CrmContact,
  type CrmDeal,
  type CrmInvoice,
  type CrmObjectType,
  type CrmResult,
  isRejected,
} from '../../integrations/crm.ts';
import type { ServiceContext } from '../context.ts';
import { afterCreditDataChanged } from './after-change.ts';
import { anyText, instantParam } from './sql-values.ts';
import { upsertDeals, upsertHubspotInvoices } from './upsert-deals-invoices.ts';
import { upsertCompanies, upsertContacts } from './upsert-parties.ts';

export interface PageCounts {
  received: number;
  stored: number;
  /** Not stored: older than the stored copy, or (invoices) no known company. */
  skipped: number;
  rejected: number;
}

export interface StoreOptions {
  /**
   * A full sync passes true: it rescores the whole portfolio once at the end (set-based) instead of
   * recomputing after every page, and does not run deal checks on records that merely arrive.
   */
  deferCredit?: boolean;
}

export async function storePage<T extends CrmObjectType>(
  tx: Queryable,
  ctx: ServiceContext,
  type: T,
  results: readonly CrmResult<T>[],
  now: Date,
  options: StoreOptions = {},
): Promise<PageCounts> {
  const records = results.filter((record) => !isRejected(record));
  const rejected = results.filter(isRejected);
  for (const record of rejected) {
    ctx.logger.warn({ objectType: type, id: record.id, problem: record.problem }, 'CRM record skipped');
  }
  let stored = 0;
  let companyIds: string[] = [];
  let changedDealIds: string[] | undefined;
  if (type === 'companies') {
    ({ stored, companyIds } = await upsertCompanies(
      tx,
      records as CrmCompany[],
      // Informational only (a HubSpot company has no currency); credit figures use the policy's base.
      ctx.config.BASE_CURRENCY ?? 'USD',
      now,
    ));
  } else if (type === 'contacts') {
    stored = await upsertContacts(tx, records as CrmContact[], now);
  } else if (type === 'deals') {
    ({ stored, companyIds, changedDealIds } = await upsertDeals(tx, records as CrmDeal[], now));
  } else {
    ({ stored, companyIds } = await upsertHubspotInvoices(tx, records as CrmInvoice[], now));
  }
  if (type !== 'contacts' && !options.deferCredit) {
    await afterCreditDataChanged(tx, ctx, {
      companyIds,
      ...(changedDealIds ? { dealIds: changedDealIds } : {}),
    });
  }
  return { received: results.length, stored, skipped: records.length - stored, rejected: rejected.length };
}

const TABLE: Record<CrmObjectType, string> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  invoices: 'invoices',
};

/** Records deleted (or merged away) in HubSpot: archived here, never deleted, so history stays. */
export async function markGone(
  tx: Queryable,
  ctx: ServiceContext,
  type: CrmObjectType,
  hubspotIds: readonly string[],
  at: Date,
): Promise<number> {
  if (hubspotIds.length === 0) return 0;
  const ids = anyText(hubspotIds);
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
