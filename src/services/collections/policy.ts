// The policy in force: the newest version stored, or the default one before anybody saved a policy.

import { desc } from 'drizzle-orm';
import { creditPolicies } from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { defaultPolicy } from '../../domain/policy/default-policy.ts';
import { type CreditPolicy, policySchema } from '../../domain/policy/schema.ts';

export async function activePolicy(db: Queryable): Promise<CreditPolicy> {
  const [row] = await db
    .select({ body: creditPolicies.body })
    .from(creditPolicies)
    .orderBy(desc(creditPolicies.version))
    .limit(1);
  return policySchema.parse(row?.body ?? defaultPolicy);
}
