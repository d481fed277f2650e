// Test data for the credit engine: companies, invoices, deals, promises and grievances with unique ids.

import { companies, deals, grievances, invoices, promisesToPay } from '../../../src/db/schema/index.ts';
import type { Queryable } from '../../../src/db/types.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export async function makeCompany(db: Queryable, values: Partial<typeof companies.$inferInsert> = {}) {
  const [row] = await db
    .insert(companies)
    .values({ name: unique('Company'), currency: 'USD', customerSince: '2023-01-01', ...values })
    .returning();
  if (!row) throw new Error('no company');
  return row;
}

export async function makeInvoice(
  db: Queryable,
  companyId: string,
  values: Partial<typeof invoices.$inferInsert> & { amountMinor: bigint; dueOn: string },
) {
  const [row] = await db
    .insert(invoices)
    .values({
      source: 'test',
      externalId: unique('inv'),
      companyId,
      currency: 'USD',
      balanceMinor: values.status === 'paid' ? 0n : values.amountMinor,
      issuedOn: values.dueOn,
      status: 'open',
      updatedAt: new Date('2026-11-26T12:00:00Z'),
      ...values,
    })
    .returning();
  if (!row) throw new Error('no invoice');
  return row;
}

export async function makeDeal(
  db: Queryable,
  companyId: string,
  values: Partial<typeof deals.$inferInsert> & { amountMinor: bigint; stage: string },
) {
  const [row] = await db
    .insert(deals)
    .values({ name: unique('Deal'), companyId, currency: 'USD', pipeline: 'default', ...values })
    .returning();
  if (!row) throw new Error('no deal');
  return row;
}

export async function makeBrokenPromise(db: Queryable, companyId: string, promisedOn: string) {
  await db.insert(promisesToPay).values({
    companyId,
    amountMinor: 10_000n,
    currency: 'USD',
    promisedOn,
    loggedBy: 'test',
    status: 'broken',
  });
}

export async function makeDispute(db: Queryable, companyId: string, status: 'open' | 'resolved' = 'open') {
  const [row] = await db
    .insert(grievances)
    .values({
      kind: 'dispute',
      status,
      companyId,
      title: 'Wrong quantity',
      openedBy: 'test',
      openedAt: new Date('2026-11-01T00:00:00Z'),
    })
    .returning();
  if (!row) throw new Error('no grievance');
  return row;
}
