// The credit values Creditline shows on CRM records, read from credit_profiles, risk_flags and deals
// at the moment of pushing (so a queued push always sends the latest values).

import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/rows.ts';
import type { Queryable } from '../../db/types.ts';
import { toDecimalString } from '../../domain/money.ts';
import type { CreditObjectType, CreditValues } from '../../integrations/crm.ts';
import { anyUuid } from '../sync/sql-values.ts';

export interface RecordCreditValues {
  id: string;
  crmId: string;
  values: CreditValues;
}

function decimal(minor: unknown, currency: string | null): string | null {
  if (minor === null || minor === undefined || !currency) return null;
  return toDecimalString({ minor: BigInt(String(minor)), currency });
}

export async function readCreditValues(
  db: Queryable,
  type: CreditObjectType,
  recordIds: readonly string[],
): Promise<RecordCreditValues[]> {
  if (recordIds.length === 0) return [];
  if (type === 'deal') {
    const rows = await queryRows<{
      id: string;
      hubspot_id: string;
      credit_status: string;
      credit_note: string | null;
    }>(
      db,
      sql`select id, hubspot_id, credit_status, credit_note from deals
        where id = ${anyUuid(recordIds)} and hubspot_id is not null and archived_at is null`,
    );
    return rows.map((row) => ({
      id: String(row.id),
      crmId: row.hubspot_id,
      values: {
        creditStatus: row.credit_status === 'none' ? null : row.credit_status,
        creditCheckNote: row.credit_note,
      },
    }));
  }
  const rows = await queryRows<{
    id: string;
    hubspot_id: string;
    currency: string | null;
    limit_minor: unknown;
    available_minor: unknown;
    exposure_minor: unknown;
    score: unknown;
    risk_level: string | null;
    terms_days: unknown;
    next_review_on: unknown;
    flags: string | null;
  }>(
    db,
    sql`select c.id, c.hubspot_id, p.currency, p.limit_minor, p.available_minor, p.exposure_minor, p.score,
        p.risk_level, p.terms_days, p.next_review_on::text as next_review_on,
        (select string_agg(f.code, ';' order by f.code) from risk_flags f
          where f.company_id = c.id and f.cleared_at is null) as flags
      from companies c left join credit_profiles p on p.company_id = c.id
      where c.id = ${anyUuid(recordIds)} and c.hubspot_id is not null and c.archived_at is null`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    crmId: row.hubspot_id,
    values: {
      creditLimit: decimal(row.limit_minor, row.currency),
      availableCredit: decimal(row.available_minor, row.currency),
      exposure: decimal(row.exposure_minor, row.currency),
      creditScore: row.score === null || row.score === undefined ? null : String(row.score),
      riskLevel: row.risk_level,
      riskFlags: row.flags,
      paymentTerms: row.terms_days === null || row.terms_days === undefined ? null : String(row.terms_days),
      nextReviewDate:
        row.next_review_on === null || row.next_review_on === undefined ? null : String(row.next_review_on),
    },
  }));
}

/** Key-order-independent comparison (jsonb does not keep the order values were written in). */
export function sameValues(a: unknown, b: CreditValues): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const left = a as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(b)]);
  for (const key of keys) if ((left[key] ?? null) !== (b[key] ?? null)) return false;
  return true;
}
