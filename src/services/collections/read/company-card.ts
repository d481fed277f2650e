// Everything the /credit card shows about one customer, read in a handful of queries: the profile
// (limit, exposure, available, score with its top factors, risk), active flags, aging, open promises,
// pending approvals and open grievances.

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.ts';
import {
  approvalRequests,
  creditProfiles,
  grievances,
  promisesToPay,
  riskFlags,
} from '../../../db/schema/index.ts';
import type { Queryable } from '../../../db/types.ts';
import { FACTOR_LABELS, type FactorKey } from '../../../domain/credit/scoring.ts';
import { outstandingNow } from '../../invoices/outstanding.ts';
import { loadCompany } from '../load.ts';

export interface AgingRow {
  currency: string;
  current: bigint;
  days1to30: bigint;
  days31to60: bigint;
  days61to90: bigint;
  over90: bigint;
}

export interface ScoreFactor {
  name: string;
  points: number;
  max?: number;
}

export async function companyCard(db: Queryable, companyId: string, today: string) {
  const company = await loadCompany(db, companyId);
  const [profile] = await db.select().from(creditProfiles).where(eq(creditProfiles.companyId, companyId));
  const [flags, promises, approvals, openGrievances, aging] = await Promise.all([
    db
      .select({ code: riskFlags.code, severity: riskFlags.severity })
      .from(riskFlags)
      .where(and(eq(riskFlags.companyId, companyId), isNull(riskFlags.clearedAt)))
      .orderBy(asc(riskFlags.code)),
    db
      .select()
      .from(promisesToPay)
      .where(and(eq(promisesToPay.companyId, companyId), eq(promisesToPay.status, 'open')))
      .orderBy(asc(promisesToPay.promisedOn)),
    db
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.companyId, companyId), eq(approvalRequests.status, 'pending'))),
    db
      .select()
      .from(grievances)
      .where(and(eq(grievances.companyId, companyId), inArray(grievances.status, ['open', 'investigating']))),
    agingOf(db, companyId, today),
  ]);
  return {
    company,
    profile,
    flags,
    promises,
    approvals,
    grievances: openGrievances,
    aging,
    factors: topFactors(profile?.explanation),
  };
}

async function agingOf(db: Queryable, companyId: string, today: string): Promise<AgingRow[]> {
  const rows = await queryRows<Record<string, string | bigint>>(
    db,
    sql`
    select currency,
      coalesce(sum(balance_minor) filter (where due_on >= ${today}::date), 0) as current,
      coalesce(sum(balance_minor) filter (where ${today}::date - due_on between 1 and 30), 0) as d30,
      coalesce(sum(balance_minor) filter (where ${today}::date - due_on between 31 and 60), 0) as d60,
      coalesce(sum(balance_minor) filter (where ${today}::date - due_on between 61 and 90), 0) as d90,
      coalesce(sum(balance_minor) filter (where ${today}::date - due_on > 90), 0) as over
    from invoices where company_id = ${companyId}::uuid and ${outstandingNow('')}
    group by currency order by currency`,
  );
  return rows.map((row) => ({
    currency: String(row.currency).trim(),
    current: BigInt(row.current ?? 0),
    days1to30: BigInt(row.d30 ?? 0),
    days31to60: BigInt(row.d60 ?? 0),
    days61to90: BigInt(row.d90 ?? 0),
    over90: BigInt(row.over ?? 0),
  }));
}

/**
 * The explanation is the engine's record of every factor (`{ factor, points, maxPoints, … }`, see
 * src/domain/credit/scoring.ts), as an array or under `factors`. The three that lose the most points
 * are shown: they pull the score down and an account manager can act on them.
 */
export function topFactors(explanation: unknown, count = 3): ScoreFactor[] {
  const list = Array.isArray(explanation)
    ? explanation
    : Array.isArray((explanation as { factors?: unknown })?.factors)
      ? (explanation as { factors: unknown[] }).factors
      : [];
  const factors = list.flatMap((entry): ScoreFactor[] => {
    const item = entry as { factor?: unknown; points?: unknown; maxPoints?: unknown };
    const key = typeof item.factor === 'string' ? item.factor : undefined;
    const points = Number(item.points);
    const max = Number(item.maxPoints);
    // A factor with no weight in the policy cannot move the score: not worth a line on the card.
    if (!key || !Number.isFinite(points) || !Number.isFinite(max) || max === 0) return [];
    const name = FACTOR_LABELS[key as FactorKey] ?? key;
    return [{ name, points, max }];
  });
  return factors.sort((a, b) => a.points - (a.max ?? 0) - (b.points - (b.max ?? 0))).slice(0, count);
}

export type CompanyCard = Awaited<ReturnType<typeof companyCard>>;
