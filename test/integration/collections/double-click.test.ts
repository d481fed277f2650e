// Two clicks of the same button at once (or a retried interaction) act once; the second is told so.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, grievances } from '../../../src/db/schema/index.ts';
import { ConflictError } from '../../../src/domain/errors.ts';
import { markDisputed } from '../../../src/services/collections/grievances.ts';
import { requestLimitIncrease } from '../../../src/services/collections/limit-increase.ts';
import type { ServiceContext } from '../../../src/services/context.ts';
import { testDeps } from '../../support/app.ts';
import {
  insertCompany,
  insertInvoice,
  insertOwner,
  insertProfile,
  savePolicy,
} from '../../support/collections.ts';
import { createTestDatabase, openSecondHandle, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await savePolicy(database.db);
});
afterAll(async () => database?.close());

async function twoReplicas(
  slackUserId: string,
): Promise<[ServiceContext, ServiceContext, () => Promise<void>]> {
  const second = await openSecondHandle(database);
  const deps = testDeps(database);
  const base = {
    config: deps.config,
    logger: deps.logger,
    actor: { kind: 'slack' as const, id: slackUserId },
    now: deps.clock.now(),
    clock: deps.clock,
  };
  return [{ ...base, db: database.db }, { ...base, db: second.db }, () => second.close()];
}

describe('double clicks', () => {
  it('opens one dispute for an invoice clicked twice at once', async () => {
    const owner = await insertOwner(database.db);
    const company = await insertCompany(database.db, { name: 'Twice Corp', ownerId: owner.id });
    await insertProfile(database.db, company.id);
    const invoice = await insertInvoice(database.db, { companyId: company.id, dueOn: '2026-10-01' });
    const [a, b, close] = await twoReplicas(owner.slackUserId ?? '');
    try {
      const results = await Promise.allSettled([
        markDisputed({ ctx: a, input: { invoiceId: invoice.id } }),
        markDisputed({ ctx: b, input: { invoiceId: invoice.id } }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result) => result.status === 'rejected');
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ConflictError);
    } finally {
      await close();
    }
    expect(
      await database.db.select().from(grievances).where(eq(grievances.invoiceId, invoice.id)),
    ).toHaveLength(1);
  });

  it('files one limit increase for a request sent twice at once', async () => {
    const owner = await insertOwner(database.db);
    const company = await insertCompany(database.db, { name: 'Again Ltd', ownerId: owner.id });
    await insertProfile(database.db, company.id, { limitMinor: 1_000_000n });
    const [a, b, close] = await twoReplicas(owner.slackUserId ?? '');
    const input = { companyId: company.id, amount: '50000', reason: 'bigger orders next quarter' };
    try {
      const results = await Promise.allSettled([
        requestLimitIncrease({ ctx: a, input }),
        requestLimitIncrease({ ctx: b, input }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    } finally {
      await close();
    }
    const requests = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.companyId, company.id));
    expect(requests).toHaveLength(1);
  });
});
