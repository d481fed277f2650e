// Every path that changes a limit goes through one verb with one rule: credit applications for
// existing customers are judged on their history by `limitChanges`, Slack requests likewise, and an
// admin's PUT is applied as a manual decision. Each outcome is audited with the rule that decided it.

import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditLog, creditProfiles, riskFlags } from '../../../src/db/schema/index.ts';
import { requestLimitIncrease } from '../../../src/services/collections/limit-increase.ts';
import { adminHeaders, testApp, testContext, testDeps } from '../../support/app.ts';
import { insertOwner } from '../../support/collections.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(testDeps(database));
});
afterAll(async () => database?.close());

const send = (method: string, body: unknown) =>
  ({
    method,
    headers: adminHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  }) as const;

async function setLimit(companyId: string, limitMinor: string, extra: Record<string, unknown> = {}) {
  const response = await app.request(
    `/api/v1/companies/${companyId}/credit-limit`,
    send('PUT', { limitMinor, reason: 'credit committee', ...extra }),
  );
  expect(response.status).toBe(200);
  return response.json();
}

const apply = (companyId: string, requestedLimitMinor: string, termsDays = 30) =>
  app.request(
    '/api/v1/credit-applications',
    send('POST', { companyId, requestedLimitMinor, currency: 'USD', termsDays }),
  );

const profileOf = async (companyId: string) =>
  (await database.db.select().from(creditProfiles).where(eq(creditProfiles.companyId, companyId)))[0];

const auditsOf = (entityId: string, action: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));

/** A customer since 2023 with one invoice not yet due: low risk on its own history. */
async function goodCustomer(limitMinor: string, openMinor = 300_000n) {
  const company = await makeCompany(database.db);
  await makeInvoice(database.db, company.id, { amountMinor: openMinor, dueOn: '2026-12-20' });
  await setLimit(company.id, limitMinor);
  return company;
}

describe('credit applications from existing customers', () => {
  it('does not cut a 300,000.00 limit to 5,000.00 below a 28,470.00 exposure: it waits for approval', async () => {
    const company = await goodCustomer('30000000', 2_847_000n);
    const response = await apply(company.id, '500000');
    expect(response.status).toBe(201);
    const decision = await response.json();
    expect(decision).toMatchObject({
      customer: 'existing',
      decision: 'pending_approval',
      rule: 'limit_changes.decrease_needs_approval',
      currentLimitMinor: '30000000',
      requestedLimitMinor: '500000',
    });
    expect(decision.why).toContain('below the current exposure of $28,470.00');
    expect(await profileOf(company.id)).toMatchObject({ limitMinor: 30_000_000n, exposureMinor: 2_847_000n });
    const overLimit = await database.db
      .select()
      .from(riskFlags)
      .where(
        and(
          eq(riskFlags.companyId, company.id),
          eq(riskFlags.code, 'OVER_LIMIT'),
          isNull(riskFlags.clearedAt),
        ),
      );
    expect(overLimit).toEqual([]);
    const [request] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.companyId, company.id));
    expect(request).toMatchObject({
      id: decision.approvalRequestId,
      kind: 'limit_increase',
      status: 'pending',
      amountMinor: 500_000n,
      requestedBy: 'admin:api-token',
    });
    expect(request?.context).toMatchObject({
      origin: 'credit_application',
      rule: 'limit_changes.decrease_needs_approval',
      currentLimitMinor: '30000000',
      exposureMinor: '2847000',
    });
    const [audit] = await auditsOf(request?.id ?? '', 'approval.requested');
    expect(audit?.before).toMatchObject({ limitMinor: '30000000', exposureMinor: '2847000' });
    expect(audit?.after).toMatchObject({
      decision: { by: 'policy', rule: 'limit_changes.decrease_needs_approval' },
    });
  });

  it('scores an existing customer on its history and auto-approves an increase inside the rule only', async () => {
    const company = await goodCustomer('2000000');
    // +4,000.00 is both the 5,000.00 cap and the 20% share: the edge is inside.
    const small = await (await apply(company.id, '2400000')).json();
    expect(small).toMatchObject({
      customer: 'existing',
      decision: 'auto_approved',
      rule: 'limit_changes.increase_within_auto_approval',
      riskLevel: 'low',
      approvalRequestId: null,
    });
    // Its own history: the utilisation factor sees the open invoice against the current limit.
    const utilisation = small.factors.find((f: { factor: string }) => f.factor === 'utilisation');
    expect(utilisation.inputs).toMatchObject({ exposureMinor: '300000', limitMinor: '2000000' });
    expect(await profileOf(company.id)).toMatchObject({ limitMinor: 2_400_000n, limitSource: 'approved' });
    const sets = await auditsOf(company.id, 'credit_limit.set');
    expect(sets.at(-1)?.before).toMatchObject({ limitMinor: '2000000' });
    expect(sets.at(-1)?.after).toMatchObject({
      limitMinor: '2400000',
      decision: {
        by: 'policy',
        rule: 'limit_changes.increase_within_auto_approval',
        origin: 'credit_application',
      },
    });

    // From 24,000.00, 20% is 4,800.00: +5,000.00 needs an approver.
    const large = await (await apply(company.id, '2900000')).json();
    expect(large).toMatchObject({
      decision: 'pending_approval',
      rule: 'limit_changes.increase_needs_approval',
      suggestedLimitMinor: '2880000',
    });
    expect((await profileOf(company.id))?.limitMinor).toBe(2_400_000n);
  });

  it('sends increases for risky customers, longer terms and a second request to approval', async () => {
    const late = await makeCompany(database.db);
    await makeInvoice(database.db, late.id, { amountMinor: 300_000n, dueOn: '2026-08-01' });
    await setLimit(late.id, '2000000');
    const risky = await (await apply(late.id, '2100000')).json();
    expect(risky).toMatchObject({
      decision: 'pending_approval',
      rule: 'limit_changes.increase_needs_approval',
      riskLevel: 'high',
      suggestedLimitMinor: '2000000',
    });
    expect(risky.why).toContain('high risk');

    const good = await goodCustomer('2000000');
    const longer = await (await apply(good.id, '2000000', 60)).json();
    expect(longer).toMatchObject({
      decision: 'pending_approval',
      rule: 'limit_changes.longer_terms_need_approval',
    });
    // Even a change the rule would approve waits while another is before an approver.
    const again = await apply(good.id, '2100000');
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toContain('already waiting for approval');
    expect((await profileOf(good.id))?.termsDays).toBe(30);
  });

  it('auto-approves a decrease that still covers the exposure', async () => {
    const company = await goodCustomer('2000000');
    const lower = await (await apply(company.id, '1000000')).json();
    expect(lower).toMatchObject({ decision: 'auto_approved', rule: 'limit_changes.decrease_auto_approved' });
    expect((await profileOf(company.id))?.limitMinor).toBe(1_000_000n);
  });

  it('judges a company with no profile and no invoices as a new customer', async () => {
    const company = await makeCompany(database.db, { segment: 'smb' });
    const response = await app.request(
      '/api/v1/credit-applications',
      send('POST', {
        companyId: company.id,
        requestedLimitMinor: '1500000',
        currency: 'USD',
        termsDays: 30,
        tradeReferences: [{ name: 'Supplier A', daysBeyondTerms: 0 }],
      }),
    );
    expect(await response.json()).toMatchObject({
      customer: 'new',
      decision: 'auto_approved',
      rule: 'acceptance.auto_approve',
      suggestedLimitMinor: '1000000',
      currentLimitMinor: null,
    });
  });
});

describe('an administrator sets a limit', () => {
  it('applies it as a manual decision, even where a request would wait, and audits it so', async () => {
    const company = await goodCustomer('2000000');
    const profile = await setLimit(company.id, '9000000', { termsDays: 60 });
    expect(profile).toMatchObject({ limitMinor: '9000000', termsDays: 60 });
    const [audit] = (await auditsOf(company.id, 'credit_limit.set')).slice(-1);
    expect(audit).toMatchObject({ actor: 'admin:api-token', reason: 'credit committee' });
    expect(audit?.before).toMatchObject({ limitMinor: '2000000', termsDays: 30 });
    expect(audit?.after).toMatchObject({
      limitMinor: '9000000',
      decision: { by: 'manual', rule: 'manual_decision', origin: 'admin' },
    });
  });
});

describe('an account manager asks for more from Slack', () => {
  it('gets a small increase at once under the policy, and a large one as a pending request', async () => {
    const deps = testDeps(database);
    const owner = await insertOwner(database.db, { slackUserId: 'UAM1' });
    const customer = await makeCompany(database.db, { ownerId: owner.id });
    await makeInvoice(database.db, customer.id, { amountMinor: 300_000n, dueOn: '2026-12-20' });
    await setLimit(customer.id, '2000000');
    const ctx = { ...testContext(deps), actor: { kind: 'slack' as const, id: 'UAM1' } };

    const small = await requestLimitIncrease({
      ctx,
      input: { companyId: customer.id, amount: '23000.00', reason: 'steady orders' },
    });
    expect(small.result).toMatchObject({
      outcome: 'applied',
      rule: 'limit_changes.increase_within_auto_approval',
    });
    expect((await profileOf(customer.id))?.limitMinor).toBe(2_300_000n);
    const [audit] = (await auditsOf(customer.id, 'credit_limit.set')).slice(-1);
    expect(audit).toMatchObject({ actor: 'slack:UAM1', reason: 'steady orders' });
    expect(audit?.after).toMatchObject({ decision: { by: 'policy', origin: 'slack_request' } });

    const large = await requestLimitIncrease({
      ctx,
      input: { companyId: customer.id, amount: '60000.00', reason: 'a big tender' },
    });
    expect(large.result).toMatchObject({
      outcome: 'pending_approval',
      rule: 'limit_changes.increase_needs_approval',
    });
    const [request] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.companyId, customer.id));
    expect(request).toMatchObject({ kind: 'limit_increase', requestedBy: 'UAM1', amountMinor: 6_000_000n });
    expect((await profileOf(customer.id))?.limitMinor).toBe(2_300_000n);
  });
});
