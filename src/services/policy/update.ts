// Changes the credit policy: validates the whole document, stores it as the next version (old versions
// are kept), audits the change, and rescores every company under it in the same transaction.

import { z } from 'zod';
import { creditPolicies } from '../../db/schema/index.ts';
import { ConflictError } from '../../domain/errors.ts';
import { policySchema } from '../../domain/policy/schema.ts';
import { toJsonSafe } from '../../lib/json.ts';
import { recordAudit } from '../audit.ts';
import { assertAdmin } from '../authorize.ts';
import { actorLabel, type ServiceContext } from '../context.ts';
import { rescoreAll } from '../credit/recompute.ts';
import { parseInput } from '../validate.ts';
import { currentPolicy, type PolicyVersion, policyFromRow } from './current.ts';

export const updatePolicyInput = z.object({
  policy: policySchema,
  reason: z.string().trim().min(1).max(500),
  /** The version the change was made against; a different current version is a conflict. */
  expectedVersion: z.number().int().min(1).optional(),
});

export async function updatePolicy({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<PolicyVersion & { rescored: number }> {
  assertAdmin(ctx, 'change the credit policy');
  const parsed = parseInput(updatePolicyInput, input);
  return ctx.db.transaction(async (tx) => {
    const current = await currentPolicy(tx, ctx);
    if (parsed.expectedVersion !== undefined && parsed.expectedVersion !== current.version) {
      throw new ConflictError(
        `The policy is at version ${current.version}, not ${parsed.expectedVersion}; reload and reapply`,
        { currentVersion: current.version },
      );
    }
    const body = toJsonSafe(parsed.policy);
    const [row] = await tx
      .insert(creditPolicies)
      .values({
        version: current.version + 1,
        body,
        createdBy: actorLabel(ctx.actor),
        reason: parsed.reason,
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError('Another policy change was saved at the same time; reload and reapply');
    await recordAudit(tx, ctx, {
      action: 'policy.update',
      entityType: 'credit_policy',
      entityId: String(row.version),
      before: { version: current.version, policy: current.policy },
      after: { version: row.version, policy: body },
      reason: parsed.reason,
    });
    const stats = await rescoreAll(ctx, { tx });
    return { ...policyFromRow(row), rescored: stats.companies };
  });
}
