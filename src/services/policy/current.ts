// Reads the credit policy in force: the highest version. The first read of a new installation stores
// the default policy as version 1 (audited), so there is always exactly one policy in force.

import { desc, sql } from 'drizzle-orm';
import { creditPolicies } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { defaultPolicy } from '../../domain/policy/default-policy.ts';
import { type CreditPolicy, policySchema } from '../../domain/policy/schema.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';

export interface PolicyVersion {
  version: number;
  policy: CreditPolicy;
  createdAt: Date;
  createdBy: string;
  reason: string | null;
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

export async function currentPolicy(db: Queryable, ctx: ServiceContext): Promise<PolicyVersion> {
  const row = await latestRow(db);
  if (row) return policyFromRow(row);
  const seeded = await db.transaction(async (tx) => {
    const body = toJsonSafe(policySchema.parse(defaultPolicy));
    const inserted = await tx
      .insert(creditPolicies)
      .values({ version: 1, body, createdBy: 'system:default-policy', reason: 'Default policy' })
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
