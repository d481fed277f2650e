// Factories for collections tests: owners, customers, invoices, profiles, flags and a policy, with
// unique ids so test files never collide.

import { sql } from 'drizzle-orm';
import {
  approvers,
  companies,
  creditPolicies,
  creditProfiles,
  invoices,
  owners,
  riskFlags,
} from '../../src/db/schema/index.ts';
import type { Db } from '../../src/db/types.ts';
import { defaultPolicy } from '../../src/domain/policy/default-policy.ts';
import type { CreditPolicyInput } from '../../src/domain/policy/schema.ts';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const CREDIT_CHANNEL = 'CCREDIT01';

export async function savePolicy(
  db: Db,
  dunning: Partial<CreditPolicyInput['dunning']> = {},
  rest: Omit<Partial<CreditPolicyInput>, 'dunning'> = {},
) {
  const [{ version } = { version: 0 }] = await db
    .select({ version: sql<number>`coalesce(max(${creditPolicies.version}), 0)::int` })
    .from(creditPolicies);
  await db.insert(creditPolicies).values({
    version: Number(version) + 1,
    body: {
      ...defaultPolicy,
      ...rest,
      dunning: { ...defaultPolicy.dunning, creditChannel: CREDIT_CHANNEL, ...dunning },
    },
    createdBy: 'test',
    createdAt: new Date('2026-11-01T00:00:00Z'),
  });
}

export async function insertOwner(
  db: Db,
  values: { slackUserId?: string | null; timeZone?: string | null; firstName?: string } = {},
) {
  const [owner] = await db
    .insert(owners)
    .values({
      hubspotOwnerId: `o-${next()}`,
      firstName: values.firstName ?? 'Alex',
      lastName: 'Manager',
      email: `am-${next()}@example.com`,
      slackUserId: values.slackUserId === undefined ? `U${next().toUpperCase()}` : values.slackUserId,
      timeZone: values.timeZone ?? null,
    })
    .returning();
  if (!owner) throw new Error('owner insert failed');
  return owner;
}

export async function insertCompany(
  db: Db,
  values: { name: string; ownerId?: string | null; domain?: string; hubspotId?: string },
) {
  const [company] = await db
    .insert(companies)
    .values({
      name: values.name,
      domain: values.domain ?? null,
      currency: 'USD',
      ownerId: values.ownerId ?? null,
      hubspotId: values.hubspotId ?? null,
    })
    .returning();
  if (!company) throw new Error('company insert failed');
  return company;
}

export async function insertInvoice(
  db: Db,
  values: {
    companyId: string;
    dueOn: string;
    balanceMinor?: bigint;
    number?: string;
    status?: 'open' | 'paid';
    paidOn?: string;
  },
) {
  const amount = values.balanceMinor ?? 100_000n;
  const [invoice] = await db
    .insert(invoices)
    .values({
      source: 'test',
      externalId: `inv-${next()}`,
      companyId: values.companyId,
      number: values.number ?? `INV-${next()}`,
      currency: 'USD',
      amountMinor: amount,
      balanceMinor: values.status === 'paid' ? 0n : amount,
      issuedOn: '2026-01-01',
      dueOn: values.dueOn,
      termsDays: 30,
      status: values.status ?? 'open',
      paidOn: values.paidOn ?? null,
      updatedAt: new Date('2026-11-26T12:00:00Z'),
    })
    .returning();
  if (!invoice) throw new Error('invoice insert failed');
  return invoice;
}

export async function insertProfile(
  db: Db,
  companyId: string,
  values: { score?: number; riskLevel?: 'low' | 'medium' | 'high' | 'critical'; limitMinor?: bigint } = {},
) {
  await db.insert(creditProfiles).values({
    companyId,
    limitMinor: values.limitMinor ?? 1_000_000n,
    currency: 'USD',
    limitSource: 'approved',
    termsDays: 30,
    score: values.score ?? 62,
    riskLevel: values.riskLevel ?? 'medium',
    exposureMinor: 400_000n,
    availableMinor: 600_000n,
    explanation: {
      factors: [
        // The engine's shape (src/domain/credit/scoring.ts ScoreFactor).
        { factor: 'paymentBehaviour', inputs: {}, share: 0.4, points: 12, maxPoints: 30 },
        { factor: 'overdueShare', inputs: {}, share: 0.25, points: 5, maxPoints: 20 },
        { factor: 'utilisation', inputs: {}, share: 0.9333, points: 14, maxPoints: 15 },
        { factor: 'accountAge', inputs: {}, share: 1, points: 5, maxPoints: 5 },
      ],
    },
  });
}

export async function insertFlag(db: Db, companyId: string, code: string, raisedAt: Date) {
  await db.insert(riskFlags).values({ companyId, code, severity: 'warning', facts: {}, raisedAt });
}

export async function insertApprover(db: Db, slackUserId: string) {
  await db.insert(approvers).values({
    name: 'Credit Manager',
    slackUserId,
    role: 'credit_manager',
    limitMinor: 10_000_000n,
    currency: 'USD',
  });
}
