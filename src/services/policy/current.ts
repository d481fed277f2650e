// Reads the credit policy in force: the highest version, with the exchange rates of the day. The first
// read of a new installation stores the default policy as version 1 (audited), so there is always
// exactly one policy in force. Its base currency is BASE_CURRENCY, else the HubSpot portal's company
// currency when it is known, else USD.

import { desc, sql } from 'drizzle-orm';
import { creditPolicies, portalCurrency } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import type { FxTable } from '../../domain/credit/fx.ts';
import { defaultPolicy } from '../../domain/policy/default-policy.ts';
import { type CreditPolicy, policySchema } from '../../domain/policy/schema.ts';
import { isoDate } from '../../lib/dates.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { fxTableAsOf } from '../fx/table.ts';

export interface PolicyVersion {
  version: number;
  policy: CreditPolicy;
  createdAt: Date;
  createdBy: string;
  reason: string | null;
}

/** The policy in force and the exchange rates of the verb's day, the pair every credit figure uses. */
export interface PolicyInForce extends PolicyVersion {
  fx: FxTable;
}

type PolicyRow = typeof creditPolicies.$inferSelect;

export function policyFromRow(row: PolicyRow): PolicyVersion {
  return {
    version: row.version,
    // Stored bodies were validated when written; parsing again restores bigint amounts and defaults
    // added to the schema since.
    policy: policySchema.parse(row.body),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    reason: row.reason,
  };
}

async function latestRow(db: Queryable): Promise<PolicyRow | undefined> {
  const [row] = await db.select().from(creditPolicies).orderBy(desc(creditPolicies.version)).limit(1);
  return row;
}

export async function currentPolicy(db: Queryable, ctx: ServiceContext): Promise<PolicyInForce> {
  const version = await currentPolicyVersion(db, ctx);
  const fx = await fxTableAsOf(db, version.policy, version.createdAt, isoDate(ctx.now));
  return { ...version, fx };
}

/** The base currency a new installation starts with. */
async function initialBaseCurrency(db: Queryable, ctx: ServiceContext): Promise<string> {
  if (ctx.config.BASE_CURRENCY) return ctx.config.BASE_CURRENCY;
  const [portal] = await db.select().from(portalCurrency).limit(1);
  return portal?.companyCurrency.trim() ?? 'USD';
}

async function currentPolicyVersion(db: Queryable, ctx: ServiceContext): Promise<PolicyVersion> {
  const row = await latestRow(db);
  if (row) return policyFromRow(row);
  const baseCurrency = await initialBaseCurrency(db, ctx);
  const seeded = await db.transaction(async (tx) => {
    const body = toJsonSafe(policySchema.parse({ ...defaultPolicy, baseCurrency }));
    const inserted = await tx
      .insert(creditPolicies)
      .values({
        version: 1,
        body,
        createdBy: SYSTEM_SEED,
        reason: 'Default policy',
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) {
      await recordAudit(tx, ctx, {
        action: 'policy.seed',
        entityType: 'credit_policy',
        entityId: '1',
        after: body,
        reason: 'First use: the default policy from the repository',
      });
    }
    return latestRow(tx);
  });
  if (!seeded) throw new Error('the credit policy could not be seeded');
  return policyFromRow(seeded);
}

export const SYSTEM_SEED = 'system:default-policy';
const PORTAL_BASE = 'system:portal-currency';

/**
 * With BASE_CURRENCY unset, the base currency is the HubSpot portal's company currency. A policy seeded
 * before the portal was first read (base USD by default) follows it with a new, audited version — but
 * only while no person has written a version: a policy someone edited is theirs to change.
 */
export async function followPortalBaseCurrency(ctx: ServiceContext, companyCurrency: string): Promise<void> {
  if (ctx.config.BASE_CURRENCY) return;
  await ctx.db.transaction(async (tx) => {
    const current = await currentPolicyVersion(tx, ctx);
    if (current.policy.baseCurrency === companyCurrency) return;
    const [edited] = await tx
      .select({ version: creditPolicies.version })
      .from(creditPolicies)
      .where(sql`${creditPolicies.createdBy} not like 'system:%'`)
      .limit(1);
    if (edited) {
      ctx.logger.warn(
        { policyBase: current.policy.baseCurrency, portalCurrency: companyCurrency },
        'the credit policy base currency differs from the HubSpot company currency; set baseCurrency in the policy or BASE_CURRENCY',
      );
      return;
    }
    const body = toJsonSafe(policySchema.parse({ ...current.policy, baseCurrency: companyCurrency }));
    const [row] = await tx
      .insert(creditPolicies)
      .values({
        version: current.version + 1,
        body,
        createdBy: PORTAL_BASE,
        reason: `Base currency follows the HubSpot company currency (${companyCurrency})`,
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return;
    await recordAudit(tx, ctx, {
      action: 'policy.update',
      entityType: 'credit_policy',
      entityId: String(row.version),
      before: { version: current.version, baseCurrency: current.policy.baseCurrency },
      after: { version: row.version, baseCurrency: companyCurrency },
      reason: `BASE_CURRENCY is unset: the base currency is the HubSpot company currency`,
    });
  });
}

export async function listPolicyVersions(db: Queryable, limit = 50) {
  return db
    .select({
      version: creditPolicies.version,
      createdAt: creditPolicies.createdAt,
      createdBy: creditPolicies.createdBy,
      reason: creditPolicies.reason,
    })
    .from(creditPolicies)
    .orderBy(desc(creditPolicies.version))
    .limit(limit);
}

export async function policyVersion(db: Queryable, version: number): Promise<PolicyVersion | undefined> {
  const [row] = await db.select().from(creditPolicies).where(sql`${creditPolicies.version} = ${version}`);
  return row ? policyFromRow(row) : undefined;
}
