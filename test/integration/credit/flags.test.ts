import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, creditProfiles, invoices, outbox, riskFlags } from '../../../src/db/schema/index.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { recomputeCompanies } from '../../../src/services/credit/recompute.ts';
import { updatePolicy } from '../../../src/services/policy/update.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeBrokenPromise, makeCompany, makeDispute, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

async function flagHistory(companyId: string) {
  return database.db
    .select()
    .from(riskFlags)
    .where(eq(riskFlags.companyId, companyId))
    .orderBy(asc(riskFlags.id));
}

describe('risk flags', () => {
  it('raises flags from the facts and clears them when the facts go away, keeping history', async () => {
    const deps = testDeps(database);
    const channel = 'C0CREDIT';
    await updatePolicy({
      ctx: testContext(deps),
      input: {
        policy: { ...defaultPolicy, dunning: { ...defaultPolicy.dunning, creditChannel: channel } },
        reason: 'announce flags in the credit channel',
      },
    });
    const company = await makeCompany(database.db, { customerSince: '2024-01-01' });
    // 70 days late (now is 2026-11-26): overdue, severely overdue, and over the default 10,000.00 limit.
    const invoice = await makeInvoice(database.db, company.id, {
      amountMinor: 1_500_000n,
      dueOn: '2026-09-17',
    });
    await makeBrokenPromise(database.db, company.id, '2026-11-10');
    await makeDispute(database.db, company.id);

    const ctx = testContext(deps);
    await database.db.transaction((tx) => recomputeCompanies(tx, ctx, [company.id]));
    const raised = (await flagHistory(company.id)).map((flag) => flag.code).sort();
    expect(raised).toEqual(
      [
        'BROKEN_PROMISE',
        'CONCENTRATION',
        'DISPUTE_OPEN',
        'NO_CREDIT_LIMIT',
        'OVERDUE',
        'OVER_LIMIT',
        'SEVERELY_OVERDUE',
      ].sort(),
    );
    const severe = (await flagHistory(company.id)).find((flag) => flag.code === 'SEVERELY_OVERDUE');
    expect(severe?.facts).toMatchObject({ maxDaysOverdue: 70, severelyOverdueDays: 60 });
    expect(severe?.severity).toBe('critical');

    const posts = await database.db.select().from(outbox).where(eq(outbox.target, 'slack.chat.postMessage'));
    const texts = posts.map((post) => (post.payload as { text: string }).text);
    const announced = texts.map((text) => /— (\w+):/.exec(text)?.[1]).sort();
    expect(announced).toEqual(['BROKEN_PROMISE', 'OVER_LIMIT', 'SEVERELY_OVERDUE']);
    expect(texts).toContain(
      `:warning: ${company.name} — OVER_LIMIT: exposure $15,000.00 is over the limit of $10,000.00`,
    );
    expect(posts.every((post) => (post.payload as { channel: string }).channel === channel)).toBe(true);
    const pushes = await database.db.select().from(outbox).where(eq(outbox.target, 'hubspot.credit.push'));
    expect(pushes.some((row) => (row.payload as { ids: string[] }).ids.includes(company.id))).toBe(true);

    // Paid in full: the invoice flags clear; the others stay.
    await database.db
      .update(invoices)
      .set({ status: 'paid', balanceMinor: 0n, paidOn: '2026-11-26' })
      .where(eq(invoices.id, invoice.id));
    await database.db.transaction((tx) => recomputeCompanies(tx, testContext(deps), [company.id]));
    const history = await flagHistory(company.id);
    const cleared = history.filter((flag) => flag.clearedAt !== null).map((flag) => flag.code);
    expect(cleared.sort()).toEqual(['CONCENTRATION', 'OVERDUE', 'OVER_LIMIT', 'SEVERELY_OVERDUE']);
    expect(
      history
        .filter((flag) => flag.clearedAt === null)
        .map((flag) => flag.code)
        .sort(),
    ).toEqual(['BROKEN_PROMISE', 'DISPUTE_OPEN', 'NO_CREDIT_LIMIT']);

    // Overdue again later: new OVERDUE and CONCENTRATION rows are raised; the cleared ones stay.
    deps.clock.set('2026-12-20T12:00:00Z');
    await makeInvoice(database.db, company.id, { amountMinor: 100_000n, dueOn: '2026-12-01' });
    await database.db.transaction((tx) => recomputeCompanies(tx, testContext(deps), [company.id]));
    const overdueRows = (await flagHistory(company.id)).filter((flag) => flag.code === 'OVERDUE');
    expect(overdueRows).toHaveLength(2);
    expect(overdueRows[0]?.clearedAt).not.toBeNull();
    expect(overdueRows[1]?.clearedAt).toBeNull();

    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityType, 'risk_flag'));
    expect(audits.filter((row) => row.action === 'risk_flag.raise')).toHaveLength(9);
    expect(audits.filter((row) => row.action === 'risk_flag.clear')).toHaveLength(4);
    expect(await flagHistory(company.id)).toHaveLength(9);
  });

  it('stores the profile with its explanation and does not rewrite it when nothing changed', async () => {
    const deps = testDeps(database);
    const company = await makeCompany(database.db, { segment: 'enterprise', customerSince: '2026-01-01' });
    await makeInvoice(database.db, company.id, { amountMinor: 500_000n, dueOn: '2026-12-20' });
    const first = await database.db.transaction((tx) =>
      recomputeCompanies(tx, testContext(deps), [company.id]),
    );
    expect(first.changed).toBe(1);
    const [profile] = await database.db
      .select()
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, company.id));
    expect(profile?.limitMinor).toBe(20_000_000n);
    expect(profile?.limitSource).toBe('policy_default');
    expect(profile?.exposureMinor).toBe(500_000n);
    expect(profile?.availableMinor).toBe(19_500_000n);
    const explanation = profile?.explanation as { factors: { factor: string }[] } | undefined;
    const factors = explanation?.factors.map((f) => f.factor);
    expect(factors).toEqual([
      'paymentBehaviour',
      'overdueShare',
      'utilisation',
      'trend',
      'accountAge',
      'disputes',
      'brokenPromises',
    ]);
    const second = await database.db.transaction((tx) =>
      recomputeCompanies(tx, testContext(deps), [company.id]),
    );
    expect(second.changed).toBe(0);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityId, company.id));
    expect(audits.map((row) => row.action)).toEqual(['credit_profile.recompute']);
    expect(audits[0]?.after).toMatchObject({
      limitMinor: '20000000',
      exposureMinor: '500000',
      policyVersion: 2,
    });

    // A day later only the explanation's inputs move (the account is a day older): rewritten, not audited.
    deps.clock.set('2026-11-27T12:00:00Z');
    const third = await database.db.transaction((tx) =>
      recomputeCompanies(tx, testContext(deps), [company.id]),
    );
    expect(third.changed).toBe(1);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.entityId, company.id))).toHaveLength(
      1,
    );
  });
  it('announces many flags raised together as one digest instead of a post each', async () => {
    const deps = testDeps(database);
    // The policy from the first test posts to the credit channel. Eight companies 70 days late and
    // over their limit raise 16 announced flags in one recompute.
    const many = await Promise.all(
      Array.from({ length: 8 }, (_, index) => makeCompany(database.db, { name: `Digest ${index + 1}` })),
    );
    for (const company of many) {
      await makeInvoice(database.db, company.id, { amountMinor: 1_500_000n, dueOn: '2026-09-17' });
    }
    await database.db.delete(outbox);
    await database.db.transaction((tx) =>
      recomputeCompanies(
        tx,
        testContext(deps),
        many.map((company) => company.id),
      ),
    );
    const posts = await database.db.select().from(outbox).where(eq(outbox.target, 'slack.chat.postMessage'));
    expect(posts).toHaveLength(1);
    expect((posts[0]?.payload as { text: string } | undefined)?.text).toBe(
      ':warning: 16 risk flags raised: 8 OVER_LIMIT, 8 SEVERELY_OVERDUE. Companies: Digest 1, Digest 2, ' +
        'Digest 3, Digest 4, Digest 5, Digest 6, Digest 7, Digest 8.',
    );
  });
});
