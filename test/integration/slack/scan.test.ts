// The late-payment scan against a real database: which invoices enter which stage, what each account
// manager's digest says, and that every (invoice, stage) is alerted once however often the scan runs.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approvalRequests,
  dunningAlerts,
  grievances,
  invoiceSnoozes,
  invoices,
  promisesToPay,
} from '../../../src/db/schema/index.ts';
import {
  CREDIT_CHANNEL,
  insertCompany,
  insertFlag,
  insertInvoice,
  insertOwner,
  insertProfile,
  savePolicy,
} from '../../support/collections.ts';
import { openSecondHandle } from '../../support/db.ts';
import { blockText, queued, resetDomain, scanAt } from '../../support/scan.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

// Thursday 26 November 2026, 09:05 UTC: the digest window of a UTC account manager is open.
const THURSDAY = '2026-11-26T09:05:00Z';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness({ start: THURSDAY });
});
afterAll(() => h.close());
beforeEach(async () => {
  await resetDomain(h.deps.db);
  await savePolicy(h.deps.db);
});

async function alertsOf(invoiceId: string) {
  return h.deps.db.select().from(dunningAlerts).where(eq(dunningAlerts.invoiceId, invoiceId));
}

describe('digests', () => {
  it('sends each account manager one digest of their customers, grouped, with amounts, stages, score, flags and buttons', async () => {
    const db = h.deps.db;
    const amOne = await insertOwner(db, { slackUserId: 'UAMONE' });
    const amTwo = await insertOwner(db, { slackUserId: 'UAMTWO' });
    const acme = await insertCompany(db, {
      name: 'Acme Corp',
      ownerId: amOne.id,
      hubspotId: '98765432109876543',
    });
    const initech = await insertCompany(db, { name: 'Initech', ownerId: amOne.id });
    const globex = await insertCompany(db, { name: 'Globex', ownerId: amTwo.id });
    await insertProfile(db, acme.id, { score: 62, riskLevel: 'medium' });
    await insertFlag(db, acme.id, 'OVERDUE', new Date('2026-11-20T00:00:00Z'));
    const oneDay = await insertInvoice(db, {
      companyId: acme.id,
      dueOn: '2026-11-25',
      balanceMinor: 123_456n,
      number: 'A-1',
    });
    const sevenDays = await insertInvoice(db, {
      companyId: acme.id,
      dueOn: '2026-11-19',
      balanceMinor: 50_000n,
      number: 'A-7',
    });
    const courtesy = await insertInvoice(db, { companyId: initech.id, dueOn: '2026-11-29', number: 'I-C' });
    const notYet = await insertInvoice(db, { companyId: initech.id, dueOn: '2026-12-20', number: 'I-LATER' });
    const late30 = await insertInvoice(db, {
      companyId: globex.id,
      dueOn: '2026-10-27',
      balanceMinor: 900_000n,
      number: 'G-30',
    });

    const summary = await scanAt(h.deps, THURSDAY);
    expect(summary.decided).toBe(4);
    expect(summary.digests).toBe(2);

    expect((await alertsOf(oneDay.id)).map((a) => a.stage)).toEqual(['late_1']);
    expect((await alertsOf(sevenDays.id)).map((a) => a.stage)).toEqual(['late_7']);
    expect((await alertsOf(courtesy.id)).map((a) => a.stage)).toEqual(['courtesy']);
    expect(await alertsOf(notYet.id)).toEqual([]);
    expect((await alertsOf(late30.id)).map((a) => a.stage)).toEqual(['late_30']);

    const posts = await queued(db, 'slack.chat.postMessage');
    const digests = posts.filter((post) => post.record?.dunningAlertIds);
    expect(digests.map((digest) => digest.channel).sort()).toEqual(['UAMONE', 'UAMTWO']);
    const first = digests.find((digest) => digest.channel === 'UAMONE');
    if (!first) throw new Error('no digest for UAMONE');
    const text = blockText(first);
    expect(first.record?.dunningAlertIds).toHaveLength(3);
    expect(text).toContain('*Acme Corp* — score 62 (medium risk) · flags: OVERDUE');
    expect(text).toContain('Invoice *A-1* · $1,234.56 · 1 day late');
    expect(text).toContain('Invoice *A-7* · $500.00 · 7 days late');
    expect(text).toContain('Invoice *I-C* · $1,000.00 · due in 3 days');
    expect(text).toContain('*Initech* — no score yet');
    expect(text).not.toContain('G-30');
    expect(text).toContain('https://app.hubspot.com/contacts/4242/record/0-2/98765432109876543');
    for (const action of [
      'collections.log_promise',
      'collections.snooze',
      'collections.mark_disputed',
      'collections.escalate',
    ]) {
      expect(text.split(action).length - 1).toBe(3);
    }
    // Customers appear in name order, grouped.
    expect(text.indexOf('Acme Corp')).toBeLessThan(text.indexOf('Initech'));
    expect(text.indexOf('A-1')).toBeLessThan(text.indexOf('Initech'));
  });

  it('escalation stages tell the credit channel and queue a HubSpot task with a reminder draft', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UESC' });
    const globex = await insertCompany(db, { name: 'Globex', ownerId: am.id });
    await insertInvoice(db, {
      companyId: globex.id,
      dueOn: '2026-10-27',
      balanceMinor: 900_000n,
      number: 'G-30',
    });
    await scanAt(h.deps, THURSDAY);
    const [task] = await queued(db, 'hubspot.task.create');
    const body = (task as unknown as { body: string; companyId: string; ownerId: string }).body;
    expect((task as unknown as { companyId: string }).companyId).toBe(globex.id);
    expect((task as unknown as { ownerId: string }).ownerId).toBe(am.id);
    expect(body).toContain('Invoice G-30: $9,000.00, due 2026-10-27 (30 days late)');
    expect(body).toContain('30-day payment terms');
    expect(body).toContain('within 10 days, we can apply a 2% early-payment discount');
    const channelPosts = (await queued(db, 'slack.chat.postMessage')).filter(
      (post) => post.channel === CREDIT_CHANNEL,
    );
    expect(channelPosts).toHaveLength(1);
    expect(channelPosts[0]?.text).toContain('Globex (30 days late)');
  });

  it('agency and legal stages open a pending approval and tell the credit channel', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UAGENCY' });
    const hooli = await insertCompany(db, { name: 'Hooli', ownerId: am.id });
    const invoice = await insertInvoice(db, { companyId: hooli.id, dueOn: '2026-09-26', number: 'H-61' });
    await scanAt(h.deps, THURSDAY);
    const approvals = await db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.invoiceId, invoice.id));
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      kind: 'collection_agency',
      status: 'pending',
      amountMinor: 100_000n,
    });
    const channel = (await queued(db, 'slack.chat.postMessage')).filter(
      (post) => post.channel === CREDIT_CHANNEL,
    );
    expect(channel[0]?.text).toContain('collection agency approval requested');
  });

  it('reports an account manager without a Slack user to the credit channel instead of dropping the digest', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: null, firstName: 'Unmapped' });
    const company = await insertCompany(db, { name: 'Soylent', ownerId: am.id });
    await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'S-1' });
    const summary = await scanAt(h.deps, THURSDAY);
    expect(summary.unmappedOwners).toBe(1);
    const [digest] = (await queued(db, 'slack.chat.postMessage')).filter(
      (post) => post.record?.dunningAlertIds,
    );
    expect(digest?.channel).toBe(CREDIT_CHANNEL);
    expect(blockText(digest ?? { channel: '', text: '' })).toContain(
      'No Slack user is mapped for account manager Unmapped Manager',
    );
  });
});

describe('exactly once', () => {
  it('alerts nothing new when the scan runs again, the same hour or the next day', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UONCE' });
    const company = await insertCompany(db, { name: 'Vandelay', ownerId: am.id });
    const invoice = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25' });
    expect((await scanAt(h.deps, THURSDAY)).decided).toBe(1);
    expect((await scanAt(h.deps, THURSDAY)).decided).toBe(0);
    expect((await scanAt(h.deps, '2026-11-26T10:05:00Z')).decided).toBe(0);
    expect((await scanAt(h.deps, '2026-11-27T09:05:00Z')).decided).toBe(0);
    // Seven days late on 2 December: the next stage, once.
    expect((await scanAt(h.deps, '2026-12-02T09:05:00Z')).decided).toBe(1);
    expect((await alertsOf(invoice.id)).map((a) => a.stage).sort()).toEqual(['late_1', 'late_7']);
    expect(
      (await queued(db, 'slack.chat.postMessage')).filter((post) => post.record?.dunningAlertIds),
    ).toHaveLength(2);
  });

  it('two scans running at once on one database decide each (invoice, stage) once', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UCONC' });
    const otherAm = await insertOwner(db, { slackUserId: 'UCONC2' });
    for (let i = 0; i < 30; i++) {
      const company = await insertCompany(db, {
        name: `Concurrent ${i}`,
        ownerId: i % 2 ? am.id : otherAm.id,
      });
      await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25' });
      await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-11' });
    }
    const second = await openSecondHandle(h.database);
    try {
      const [a, b] = await Promise.all([scanAt(h.deps, THURSDAY), scanAt(h.deps, THURSDAY, second.db)]);
      expect(a.decided + b.decided).toBe(60);
      expect([a.decided, b.decided]).toContain(0);
      const alerts = await db.select().from(dunningAlerts);
      expect(alerts).toHaveLength(60);
      expect(new Set(alerts.map((alert) => `${alert.invoiceId}:${alert.stage}`)).size).toBe(60);
      expect(
        (await queued(db, 'slack.chat.postMessage')).filter((post) => post.record?.dunningAlertIds),
      ).toHaveLength(4);
    } finally {
      await second.close();
    }
  });
});

describe('skips and resumes', () => {
  it('leaves disputed, promised and snoozed invoices alone, and resumes when that ends', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'USKIP' });
    const company = await insertCompany(db, { name: 'Skipper', ownerId: am.id });
    const disputed = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'D' });
    const promised = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'P' });
    const snoozed = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'Z' });
    await db.insert(grievances).values({
      kind: 'dispute',
      companyId: company.id,
      invoiceId: disputed.id,
      title: 'wrong quantity',
      openedBy: 'USKIP',
      openedAt: new Date(THURSDAY),
    });
    await db.insert(promisesToPay).values({
      companyId: company.id,
      invoiceId: promised.id,
      amountMinor: 100_000n,
      currency: 'USD',
      promisedOn: '2026-11-30',
      loggedBy: 'USKIP',
    });
    await db
      .insert(invoiceSnoozes)
      .values({ invoiceId: snoozed.id, until: '2026-11-28', reason: 'new bank', snoozedBy: 'USKIP' });

    expect((await scanAt(h.deps, THURSDAY)).decided).toBe(0);
    // Monday 30 Nov: the snooze has ended (late_1 is its current stage... it is now 5 days late, still late_1).
    const monday = await scanAt(h.deps, '2026-11-30T09:05:00Z');
    expect(monday.decided).toBe(1);
    expect((await alertsOf(snoozed.id)).map((a) => a.stage)).toEqual(['late_1']);
    expect(await alertsOf(promised.id)).toEqual([]);

    // Tuesday 1 Dec: the promised date (30 Nov) passed unpaid → broken, and the invoice alerts again.
    const tuesday = await scanAt(h.deps, '2026-12-01T09:05:00Z');
    expect(tuesday.promisesBroken).toBe(1);
    const [promise] = await db.select().from(promisesToPay).where(eq(promisesToPay.invoiceId, promised.id));
    expect(promise?.status).toBe('broken');
    const stages = (await alertsOf(promised.id)).map((a) => a.stage).sort();
    expect(stages).toHaveLength(2);
    expect(stages).toContain('late_1');
    expect(stages.some((stage) => stage.startsWith('broken_promise:'))).toBe(true);
    const lastDigest = (await queued(db, 'slack.chat.postMessage'))
      .filter((post) => post.record?.dunningAlertIds)
      .at(-1);
    expect(blockText(lastDigest ?? { channel: '', text: '' })).toContain('Promise to pay broken');
    expect(await alertsOf(disputed.id)).toEqual([]);
  });

  it('marks a promise kept when its invoice is paid by the date', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UKEPT' });
    const company = await insertCompany(db, { name: 'Keeper', ownerId: am.id });
    const invoice = await insertInvoice(db, {
      companyId: company.id,
      dueOn: '2026-11-20',
      status: 'paid',
      paidOn: '2026-11-24',
    });
    await db.insert(promisesToPay).values({
      companyId: company.id,
      invoiceId: invoice.id,
      amountMinor: 100_000n,
      currency: 'USD',
      promisedOn: '2026-11-25',
      loggedBy: 'UKEPT',
    });
    const summary = await scanAt(h.deps, THURSDAY);
    expect(summary.promisesKept).toBe(1);
    const [promise] = await db.select().from(promisesToPay).where(eq(promisesToPay.companyId, company.id));
    expect(promise?.status).toBe('kept');
  });

  it('holds a customer at its weekly contact cap across stages', async () => {
    const db = h.deps.db;
    await savePolicy(db, { maxContactsPer7Days: 2 });
    const am = await insertOwner(db, { slackUserId: 'UCAP' });
    const capped = await insertCompany(db, { name: 'Capped', ownerId: am.id });
    const free = await insertCompany(db, { name: 'Free', ownerId: am.id });
    const older = await insertInvoice(db, { companyId: capped.id, dueOn: '2026-11-10' });
    for (const [day, stage] of [
      ['2026-11-23', 'late_7'],
      ['2026-11-24', 'late_15'],
    ] as const) {
      await db.insert(dunningAlerts).values({
        invoiceId: older.id,
        companyId: capped.id,
        ownerId: am.id,
        stage,
        status: 'sent',
        alertedAt: new Date(`${day}T09:05:00Z`),
      });
    }
    const held = await insertInvoice(db, { companyId: capped.id, dueOn: '2026-11-25' });
    const other = await insertInvoice(db, { companyId: free.id, dueOn: '2026-11-25' });
    await scanAt(h.deps, THURSDAY);
    expect(await alertsOf(held.id)).toEqual([]);
    expect(await alertsOf(other.id)).toHaveLength(1);
    // A week after the first contact the cap frees up and the held invoice alerts at its current stage.
    await scanAt(h.deps, '2026-12-01T09:05:00Z');
    expect((await alertsOf(held.id)).map((a) => a.stage)).toEqual(['late_1']);
  });
});

describe('paid invoices', () => {
  it('resolves the alert and redraws its digest in place', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UPAID' });
    const company = await insertCompany(db, { name: 'Payer', ownerId: am.id });
    const paid = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'PAY-1' });
    const unpaid = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25', number: 'PAY-2' });
    await scanAt(h.deps, THURSDAY);
    // The digest was delivered: Slack returned its channel and ts.
    await db
      .update(dunningAlerts)
      .set({ status: 'sent', slackChannel: 'DPAID', slackTs: '1764147900.000100' })
      .where(eq(dunningAlerts.companyId, company.id));
    await db
      .update(invoices)
      .set({ status: 'paid', balanceMinor: 0n, paidOn: '2026-11-27' })
      .where(eq(invoices.id, paid.id));
    const summary = await scanAt(h.deps, '2026-11-27T09:05:00Z');
    expect(summary.resolvedMessages).toBe(1);
    const [alert] = await alertsOf(paid.id);
    expect(alert?.status).toBe('resolved');
    expect((await alertsOf(unpaid.id))[0]?.status).toBe('sent');
    const updates = await queued(db, 'slack.chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ channel: 'DPAID', ts: '1764147900.000100' });
    const text = blockText(updates[0] ?? { channel: '', text: '' });
    expect(text).toContain('~Invoice PAY-1 · $1,000.00~ — paid on 2026-11-27');
    expect(text).toContain('Invoice *PAY-2*');
    // Nothing to redraw the next time.
    expect((await scanAt(h.deps, '2026-11-27T10:05:00Z')).resolvedMessages).toBe(0);
    expect(
      await db
        .select()
        .from(dunningAlerts)
        .where(and(eq(dunningAlerts.invoiceId, paid.id), eq(dunningAlerts.status, 'sent'))),
    ).toEqual([]);
  });
});
