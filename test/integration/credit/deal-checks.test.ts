import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRequests, auditLog, deals, outbox } from '../../../src/db/schema/index.ts';
import { checkDealCredit } from '../../../src/services/credit/deal-check.ts';
import { setCreditLimit } from '../../../src/services/credit/limit.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { storeRates } from '../../support/fx.ts';
import { makeCompany, makeDeal, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

/** A customer with an approved limit of $10,000.00 and $4,000.00 open (available $6,000.00). */
async function customer(options: { blocked?: boolean } = {}) {
  const deps = testDeps(database);
  const company = await makeCompany(database.db, { customerSince: '2022-01-01' });
  await makeInvoice(database.db, company.id, { amountMinor: 400_000n, dueOn: '2026-12-20' });
  await setCreditLimit({
    ctx: testContext(deps),
    input: { companyId: company.id, limitMinor: '1000000', reason: 'annual review', ...options },
  });
  return { deps, company };
}

async function check(dealId: string) {
  return checkDealCredit({ ctx: testContext(testDeps(database)), input: { dealId } });
}

async function pendingRequests(dealId: string) {
  return database.db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.dealId, dealId), eq(approvalRequests.status, 'pending')));
}

describe('deal credit checks', () => {
  it('passes a deal within available credit and pushes the result to HubSpot', async () => {
    const { company } = await customer();
    const deal = await makeDeal(database.db, company.id, { amountMinor: 600_000n, stage: 'contractsent' });
    const outcome = await check(deal.id);
    expect(outcome.result).toMatchObject({ applies: true, status: 'ok', reason: 'within_available' });
    const [stored] = await database.db.select().from(deals).where(eq(deals.id, deal.id));
    expect(stored?.creditStatus).toBe('ok');
    expect(stored?.creditNote).toMatch(/Within available credit/);
    expect(stored?.creditCheckVersion).toBe(1);
    expect(await pendingRequests(deal.id)).toHaveLength(0);
    const pushes = await database.db.select().from(outbox).where(eq(outbox.target, 'hubspot.credit.push'));
    const payloads = pushes.map((row) => row.payload as { objectType: string; ids: string[] });
    expect(payloads).toContainEqual({ objectType: 'deal', ids: [deal.id] });
  });

  it('holds a deal above available credit plus tolerance and opens one pending approval request', async () => {
    const { company } = await customer();
    // Available 6,000.00 + 5% of the 10,000.00 limit = 6,500.00 allowed; 6,500.01 is held.
    const deal = await makeDeal(database.db, company.id, { amountMinor: 650_001n, stage: 'closedwon' });
    const outcome = await check(deal.id);
    expect(outcome.result).toMatchObject({
      status: 'hold',
      reason: 'over_available',
      allowanceMinor: 650_000n,
    });
    const requests = await pendingRequests(deal.id);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ kind: 'deal_credit', companyId: company.id, amountMinor: 650_001n });
    expect(outcome.approvalRequestId).toBe(requests[0]?.id);
    // Checking again does not open a second request.
    await check(deal.id);
    expect(await pendingRequests(deal.id)).toHaveLength(1);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, deal.id));
    expect(audits.map((row) => row.action)).toEqual(['deal.credit_check', 'deal.credit_check']);
  });

  it('cancels the pending request, with an audit row, when a later check passes', async () => {
    const { deps, company } = await customer();
    const deal = await makeDeal(database.db, company.id, { amountMinor: 900_000n, stage: 'closedwon' });
    expect((await check(deal.id)).result).toMatchObject({ status: 'hold' });
    const [request] = await pendingRequests(deal.id);
    if (!request) throw new Error('no request opened');
    // A higher limit makes room for the deal: the next check passes and the request is moot.
    await setCreditLimit({
      ctx: testContext(deps),
      input: { companyId: company.id, limitMinor: '2000000', reason: 'guarantee received' },
    });
    expect((await check(deal.id)).result).toMatchObject({ status: 'ok', reason: 'within_available' });
    expect(await pendingRequests(deal.id)).toHaveLength(0);
    const [cancelled] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, request.id));
    expect(cancelled?.status).toBe('cancelled');
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, request.id));
    expect(audit).toMatchObject({ action: 'approval_request.cancel', after: { status: 'cancelled' } });
  });

  it('does not count a committed deal twice against its own customer', async () => {
    const { company } = await customer();
    // At contractsent the deal already counts 80% in exposure; its check must add that back.
    const deal = await makeDeal(database.db, company.id, { amountMinor: 600_000n, stage: 'contractsent' });
    const outcome = await check(deal.id);
    expect(outcome.result).toMatchObject({ status: 'ok', allowanceMinor: 650_000n });
  });

  it('holds deals of blocked customers', async () => {
    const { company } = await customer({ blocked: true });
    const deal = await makeDeal(database.db, company.id, { amountMinor: 1_000n, stage: 'contractsent' });
    expect((await check(deal.id)).result).toMatchObject({ status: 'hold', reason: 'blocked' });
    expect(await pendingRequests(deal.id)).toHaveLength(1);
  });

  it('holds deals of customers on an exit strategy (critical risk)', async () => {
    const deps = testDeps(database);
    // Everything a year overdue, a broken limit and no history of paying: critical, strategy exit.
    const company = await makeCompany(database.db, { customerSince: '2026-11-01' });
    await makeInvoice(database.db, company.id, { amountMinor: 5_000_000n, dueOn: '2025-12-01' });
    await setCreditLimit({
      ctx: testContext(deps),
      input: { companyId: company.id, limitMinor: '1000000', reason: 'set' },
    });
    const deal = await makeDeal(database.db, company.id, { amountMinor: 1_000n, stage: 'contractsent' });
    const outcome = await checkDealCredit({ ctx: testContext(deps), input: { dealId: deal.id } });
    expect(outcome.result).toMatchObject({ status: 'hold', reason: 'exit_strategy' });
  });

  it('holds deals of risk levels the policy sends to review even when the strategy allows credit', async () => {
    const deps = testDeps(database);
    const company = await makeCompany(database.db, { customerSince: '2026-11-01' });
    await makeInvoice(database.db, company.id, { amountMinor: 5_000_000n, dueOn: '2025-12-01' });
    await setCreditLimit({
      ctx: testContext(deps),
      input: { companyId: company.id, limitMinor: '1000000', reason: 'x' },
    });
    const { updatePolicy } = await import('../../../src/services/policy/update.ts');
    const { defaultPolicy } = await import('../../../src/domain/policy/default-policy.ts');
    await updatePolicy({
      ctx: testContext(deps),
      input: {
        policy: { ...defaultPolicy, strategies: { ...defaultPolicy.strategies, critical: 'monitor' } },
        reason: 'keep selling to critical customers, with review',
      },
    });
    const deal = await makeDeal(database.db, company.id, { amountMinor: 1_000n, stage: 'contractsent' });
    const outcome = await checkDealCredit({ ctx: testContext(deps), input: { dealId: deal.id } });
    expect(outcome.result).toMatchObject({ status: 'hold', reason: 'review_risk_level' });
    await updatePolicy({
      ctx: testContext(deps),
      input: { policy: defaultPolicy, reason: 'back to default' },
    });
  });

  it('does not re-hold an approved deal unless its amount grows', async () => {
    const { company } = await customer();
    const deal = await makeDeal(database.db, company.id, {
      amountMinor: 900_000n,
      stage: 'contractsent',
      creditStatus: 'approved',
      approvedAmountMinor: 900_000n,
    });
    expect((await check(deal.id)).result).toMatchObject({
      status: 'approved',
      reason: 'previously_approved',
    });
    expect(await pendingRequests(deal.id)).toHaveLength(0);
    await database.db.update(deals).set({ amountMinor: 950_000n }).where(eq(deals.id, deal.id));
    expect((await check(deal.id)).result).toMatchObject({ status: 'hold', reason: 'over_available' });
    expect(await pendingRequests(deal.id)).toHaveLength(1);
  });

  it('leaves deals in stages or pipelines the policy does not check untouched', async () => {
    const { company } = await customer();
    const deal = await makeDeal(database.db, company.id, {
      amountMinor: 99_000_000n,
      stage: 'qualifiedtobuy',
    });
    expect((await check(deal.id)).result).toEqual({ applies: false, why: 'stage_not_checked' });
    const [stored] = await database.db.select().from(deals).where(eq(deals.id, deal.id));
    expect(stored?.creditStatus).toBe('none');
  });

  it('converts a deal in another currency with the day’s rate and records it', async () => {
    await storeRates(database.db, { EUR: '1.08' }, '2026-11-25');
    const { company } = await customer();
    // €6,100.00 × 1.08 = $6,588.00 > $6,500.00 allowed.
    const deal = await makeDeal(database.db, company.id, {
      amountMinor: 610_000n,
      currency: 'EUR',
      stage: 'closedwon',
    });
    expect((await check(deal.id)).result).toMatchObject({ status: 'hold', reason: 'over_available' });
    const [request] = await pendingRequests(deal.id);
    expect(request).toMatchObject({
      currency: 'EUR',
      amountBaseMinor: 658_800n,
      fxRate: { EUR: { rate: '1.08', on: '2026-11-25', source: 'hubspot' } },
    });
  });

  it('holds a deal no rate converts, for a person to decide, and opens its approval', async () => {
    const { company } = await customer();
    const deal = await makeDeal(database.db, company.id, {
      amountMinor: 1_000n,
      currency: 'AUD',
      stage: 'closedwon',
    });
    expect((await check(deal.id)).result).toMatchObject({ status: 'hold', reason: 'no_exchange_rate' });
    const [request] = await pendingRequests(deal.id);
    expect(request).toMatchObject({ currency: 'AUD', amountBaseMinor: null });
  });
});
