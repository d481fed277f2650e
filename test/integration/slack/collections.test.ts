// One click from a digest or a card: promises, snoozes, disputes, escalations and limit requests, each
// through signed Slack payloads, checked for who may act, validated, audited — and bad input changes
// nothing.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  approvalRequests,
  auditLog,
  grievanceMessages,
  grievances,
  invoiceSnoozes,
  promisesToPay,
} from '../../../src/db/schema/index.ts';
import {
  CREDIT_CHANNEL,
  insertApprover,
  insertCompany,
  insertInvoice,
  insertOwner,
  insertProfile,
  savePolicy,
} from '../../support/collections.ts';
import { queued, resetDomain } from '../../support/scan.ts';
import { FORM, interactionBody, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
let companyId: string;
let invoiceId: string;
beforeAll(async () => {
  h = await slackHarness({ start: '2026-11-26T12:00:00Z' });
});
afterAll(() => h.close());
beforeEach(async () => {
  h.fake.reset();
  await resetDomain(h.deps.db);
  await savePolicy(h.deps.db);
  const am = await insertOwner(h.deps.db, { slackUserId: 'UOWNER' });
  const company = await insertCompany(h.deps.db, { name: 'Initrode', ownerId: am.id });
  await insertProfile(h.deps.db, company.id, { limitMinor: 1_000_000n });
  const invoice = await insertInvoice(h.deps.db, {
    companyId: company.id,
    dueOn: '2026-11-10',
    balanceMinor: 420_000n,
    number: 'IN-42',
  });
  companyId = company.id;
  invoiceId = invoice.id;
});

function submission(
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  user = 'UOWNER',
  meta: Record<string, string> = {},
) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [block, value] of Object.entries(values)) state[block] = { value };
  return interactionBody({
    type: 'view_submission',
    user: { id: user },
    team: { id: 'T1' },
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: JSON.stringify({ companyId, invoiceId, channelId: 'DOWNER', ...meta }),
      state: { values: state },
    },
  });
}

function click(actionId: string, user = 'UOWNER') {
  return interactionBody({
    type: 'block_actions',
    user: { id: user },
    team: { id: 'T1' },
    trigger_id: h.fake.issueTrigger(),
    channel: { id: 'DOWNER' },
    response_url: 'https://hooks.slack.test/actions/T1/1/click',
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b',
        value: JSON.stringify({ companyId, invoiceId }),
        action_ts: '1',
      },
    ],
  });
}

const promise = (amount: string, date: string) => ({
  amount: { type: 'plain_text_input', value: amount },
  date: { type: 'datepicker', selected_date: date },
});

describe('promise to pay', () => {
  it('logs a promise from the modal, audits it, confirms, and pauses alerts', async () => {
    const response = await h.send(
      submission('collections.promise_modal', {
        ...promise('4200.00', '2026-12-05'),
        note: { type: 'plain_text_input', value: 'CFO confirmed' },
      }),
      FORM,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const rows = await h.deps.db.select().from(promisesToPay).where(eq(promisesToPay.invoiceId, invoiceId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      amountMinor: 420_000n,
      promisedOn: '2026-12-05',
      status: 'open',
      loggedBy: 'UOWNER',
      note: 'CFO confirmed',
    });
    const audit = await h.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, rows[0]?.id ?? ''));
    expect(audit[0]).toMatchObject({ action: 'collections.promise_logged', actor: 'slack:UOWNER' });
    await vi.waitFor(() => expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(1));
    expect(h.fake.callsTo('chat.postEphemeral')[0]?.args.text).toContain(
      'Initrode promises $4,200.00 by 2026-12-05',
    );
  });

  it.each([
    ['a past date', promise('100.00', '2026-11-20'), 'date', 'today or later'],
    ['a negative amount', promise('-5.00', '2026-12-05'), 'amount', 'more than zero'],
    ['a zero amount', promise('0', '2026-12-05'), 'amount', 'more than zero'],
    ['too many decimals', promise('1.005', '2026-12-05'), 'amount', 'decimal places'],
    ['text for an amount', promise('lots', '2026-12-05'), 'amount', 'amount like 1250.00'],
  ])('keeps the modal open on %s and changes nothing', async (_label, values, block, message) => {
    const response = await h.send(submission('collections.promise_modal', values), FORM);
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors[block]).toContain(message);
    expect(await h.deps.db.select().from(promisesToPay)).toEqual([]);
  });

  it('refuses someone who neither owns the customer nor is on the credit team', async () => {
    const response = await h.send(
      submission('collections.promise_modal', promise('10.00', '2026-12-05'), 'USTRANGER'),
      FORM,
    );
    const body = (await response.json()) as { errors: Record<string, string> };
    expect(body.errors.amount).toContain('Only the account manager of Initrode or the credit team');
    expect(await h.deps.db.select().from(promisesToPay)).toEqual([]);
  });

  it('lets a credit-team member act on any customer', async () => {
    await insertApprover(h.deps.db, 'UCREDIT');
    const response = await h.send(
      submission('collections.promise_modal', promise('10.00', '2026-12-05'), 'UCREDIT'),
      FORM,
    );
    expect(await response.text()).toBe('');
    expect(await h.deps.db.select().from(promisesToPay)).toHaveLength(1);
  });
});

describe('snooze', () => {
  it('snoozes until a later date with a reason, and refuses today or a missing reason', async () => {
    const bad = await h.send(
      submission('collections.snooze_modal', {
        until: { type: 'datepicker', selected_date: '2026-11-26' },
        reason: { type: 'plain_text_input', value: 'x' },
      }),
      FORM,
    );
    const errors = ((await bad.json()) as { errors: Record<string, string> }).errors;
    expect(Object.values(errors).join(' ')).toMatch(/after today|few words/);
    expect(await h.deps.db.select().from(invoiceSnoozes)).toEqual([]);

    const ok = await h.send(
      submission('collections.snooze_modal', {
        until: { type: 'datepicker', selected_date: '2026-12-03' },
        reason: { type: 'plain_text_input', value: 'Paying from the new bank account' },
      }),
      FORM,
    );
    expect(await ok.text()).toBe('');
    const [snooze] = await h.deps.db.select().from(invoiceSnoozes);
    expect(snooze).toMatchObject({ invoiceId, until: '2026-12-03', snoozedBy: 'UOWNER' });
  });

  it('opens the snooze modal from a digest button with a single-use trigger', async () => {
    await h.send(click('collections.snooze'), FORM);
    await vi.waitFor(() => expect(h.fake.callsTo('views.open')).toHaveLength(1));
    const view = h.fake.callsTo('views.open')[0]?.args.view as { callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe('collections.snooze_modal');
    expect(JSON.stringify(view.blocks)).toContain(
      'Invoice IN-42 · $4,200.00 open · due 2026-11-10 · Initrode',
    );
  });
});

describe('disputes, escalations and limit requests', () => {
  it('marks an invoice disputed: a grievance, a thread in the credit channel, an audit row', async () => {
    await h.send(click('collections.mark_disputed'), FORM);
    await vi.waitFor(() => expect(h.fake.responses).toHaveLength(1));
    expect(h.fake.responses[0]?.body.text).toContain('Marked disputed');
    const [grievance] = await h.deps.db.select().from(grievances).where(eq(grievances.invoiceId, invoiceId));
    expect(grievance).toMatchObject({
      kind: 'dispute',
      status: 'open',
      amountMinor: 420_000n,
      openedBy: 'UOWNER',
    });
    const posts = await queued(h.deps.db, 'slack.chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: CREDIT_CHANNEL, record: { grievanceId: grievance?.id } });
    // A second click is refused: the invoice is already in dispute.
    h.fake.reset();
    await h.send(click('collections.mark_disputed'), FORM);
    await vi.waitFor(() => expect(h.fake.responses).toHaveLength(1));
    expect(h.fake.responses[0]?.body.text).toContain('already in dispute');
    expect(await h.deps.db.select().from(grievances)).toHaveLength(1);
  });

  it('records replies in the grievance thread as its messages', async () => {
    const [grievance] = await h.deps.db
      .insert(grievances)
      .values({
        kind: 'dispute',
        companyId,
        invoiceId,
        title: 'qty',
        openedBy: 'UOWNER',
        openedAt: h.clock.now(),
        slackChannel: CREDIT_CHANNEL,
        slackThreadTs: '100.000001',
      })
      .returning();
    const reply = (eventId: string, text: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: eventId,
        event_time: 1,
        event: {
          type: 'message',
          channel_type: 'channel',
          channel: CREDIT_CHANNEL,
          user: 'UCREDIT',
          text,
          ts: `101.${eventId.length}`,
          thread_ts: '100.000001',
          event_ts: '101.1',
          ...extra,
        },
      });
    await h.send(reply('Ev-t1', 'Customer sent the delivery note'), JSON_TYPE);
    await h.send(reply('Ev-t2', 'bot echo', { bot_id: 'B1' }), JSON_TYPE);
    await vi.waitFor(async () => {
      const messages = await h.deps.db
        .select()
        .from(grievanceMessages)
        .where(eq(grievanceMessages.grievanceId, grievance?.id ?? ''));
      expect(messages.map((m) => m.body)).toEqual(['Customer sent the delivery note']);
    });
  });

  it('escalates: a HubSpot task with the reminder draft and a credit-channel post', async () => {
    await h.send(click('collections.escalate'), FORM);
    await vi.waitFor(() => expect(h.fake.responses).toHaveLength(1));
    expect(h.fake.responses[0]?.body.text).toContain('Escalated invoice IN-42');
    const [task] = await queued(h.deps.db, 'hubspot.task.create');
    expect(JSON.stringify(task)).toContain('Invoice IN-42: $4,200.00, due 2026-11-10 (16 days late)');
    expect((await queued(h.deps.db, 'slack.chat.postMessage'))[0]?.channel).toBe(CREDIT_CHANNEL);
    const audit = await h.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, invoiceId), eq(auditLog.action, 'collections.invoice_escalated')));
    expect(audit).toHaveLength(1);
  });

  it('requests a limit increase as a pending approval, and refuses one below the current limit', async () => {
    const low = await h.send(
      submission('credit.limit_modal', {
        amount: { type: 'plain_text_input', value: '5000.00' },
        reason: { type: 'plain_text_input', value: 'Growing orders' },
      }),
      FORM,
    );
    expect(((await low.json()) as { errors: Record<string, string> }).errors.amount).toContain(
      'above the current $10,000.00',
    );
    const ok = await h.send(
      submission('credit.limit_modal', {
        amount: { type: 'plain_text_input', value: '25000.00' },
        reason: { type: 'plain_text_input', value: 'Growing orders' },
      }),
      FORM,
    );
    expect(await ok.text()).toBe('');
    const [request] = await h.deps.db.select().from(approvalRequests);
    expect(request).toMatchObject({
      kind: 'limit_increase',
      status: 'pending',
      amountMinor: 2_500_000n,
      requestedBy: 'UOWNER',
      companyId,
    });
  });

  it('answers an out-of-date button with a clear message', async () => {
    await h.send(
      interactionBody({
        type: 'block_actions',
        user: { id: 'UOWNER' },
        team: { id: 'T1' },
        trigger_id: h.fake.issueTrigger(),
        response_url: 'https://hooks.slack.test/actions/T1/1/stale',
        actions: [
          {
            type: 'button',
            action_id: 'collections.escalate',
            block_id: 'b',
            value: '{"invoiceId":"nope"}',
            action_ts: '1',
          },
        ],
      }),
      FORM,
    );
    await vi.waitFor(() => expect(h.fake.responses).toHaveLength(1));
    expect(h.fake.responses[0]?.body.text).toContain('out of date');
    expect(await queued(h.deps.db, 'hubspot.task.create')).toEqual([]);
  });
});
