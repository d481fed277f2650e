// The account manager's chat: /credit cards (one match, a pick list, none), @mention and DM requests,
// and the App Home, through signed requests and the real listeners.

import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../../src/db/schema/index.ts';
import {
  insertApprover,
  insertCompany,
  insertFlag,
  insertInvoice,
  insertOwner,
  insertProfile,
  savePolicy,
} from '../../support/collections.ts';
import { resetDomain } from '../../support/scan.ts';
import { FORM, formBody, interactionBody, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
let companyId: string;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.fake.reset();
  await resetDomain(h.deps.db);
  await savePolicy(h.deps.db);
  const db = h.deps.db;
  const am = await insertOwner(db, { slackUserId: 'UCHAT' });
  const acme = await insertCompany(db, { name: 'Acme Corporation', domain: 'acme.com', ownerId: am.id });
  companyId = acme.id;
  await insertCompany(db, { name: 'Acme Logistics', domain: 'acmelogistics.io', ownerId: am.id });
  await insertCompany(db, { name: 'Globex Inc.', domain: 'globex.com', ownerId: am.id });
  await insertProfile(db, acme.id, { score: 48, riskLevel: 'high' });
  await insertFlag(db, acme.id, 'SEVERELY_OVERDUE', new Date('2026-11-01T00:00:00Z'));
  await insertInvoice(db, {
    companyId: acme.id,
    dueOn: '2026-10-01',
    balanceMinor: 250_000n,
    number: 'AC-9',
  });
  await insertInvoice(db, {
    companyId: acme.id,
    dueOn: '2026-12-10',
    balanceMinor: 10_000n,
    number: 'AC-10',
  });
});

function credit(text: string, user = 'UCHAT') {
  return formBody({
    token: 'x',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: user,
    command: '/credit',
    text,
    response_url: 'https://hooks.slack.test/actions/T1/1/credit',
    trigger_id: h.fake.issueTrigger(),
  });
}

async function lastResponse() {
  await vi.waitFor(() => expect(h.fake.responses.length).toBeGreaterThan(0));
  return h.fake.responses.at(-1)?.body ?? {};
}

describe('/credit', () => {
  it('shows an ephemeral card for a domain', async () => {
    const response = await h.send(credit('https://www.acme.com/about'), FORM);
    expect(response.status).toBe(200);
    const body = await lastResponse();
    expect(body.response_type).toBe('ephemeral');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('*Limit*\\n$10,000.00');
    expect(text).toContain('*Available*\\n$6,000.00');
    expect(text).toContain('score 48 (high risk)');
    expect(text).toContain(
      'Score drivers: Payment behaviour (12 months) 12/30 · Share of balance overdue 5/20 · Limit utilisation 14/15',
    );
    expect(text).toContain('`SEVERELY_OVERDUE`');
    expect(text).toContain('31–60 $2,500.00');
    expect(text).toContain('https://creditline.example.com/panel/companies/');
    for (const action of ['credit.request_limit', 'collections.log_promise', 'credit.open_grievance'])
      expect(text).toContain(action);
  });

  it('prefers the exact name over others that start with it', async () => {
    await h.send(credit('Acme'), FORM);
    expect(JSON.stringify((await lastResponse()).blocks)).toContain('score 48 (high risk)');
  });

  it('finds a customer despite a typo', async () => {
    await h.send(credit('globx'), FORM);
    const text = JSON.stringify((await lastResponse()).blocks);
    expect(text).toContain('Globex Inc.');
    expect(text).toContain('No credit profile yet');
  });

  it('offers a pick list when several customers match, and the pick shows the card', async () => {
    await h.send(credit('acm'), FORM);
    const list = await lastResponse();
    const text = JSON.stringify(list.blocks);
    expect(text).toContain('Several customers match');
    expect(text).toContain('Acme Corporation (acme.com)');
    expect(text).toContain('Acme Logistics (acmelogistics.io)');
    h.fake.reset();
    const pick = {
      type: 'block_actions',
      user: { id: 'UCHAT' },
      team: { id: 'T1' },
      trigger_id: h.fake.issueTrigger(),
      response_url: 'https://hooks.slack.test/actions/T1/1/pick',
      actions: [
        {
          type: 'button',
          action_id: 'credit.pick_company:0',
          block_id: 'b',
          value: JSON.stringify({ companyId }),
          action_ts: '1',
        },
      ],
    };
    await h.send(interactionBody(pick), FORM);
    const card = await lastResponse();
    expect(card.replace_original).toBe(true);
    expect(JSON.stringify(card.blocks)).toContain('score 48 (high risk)');
  });

  it('says clearly when nothing matches, and explains usage when empty', async () => {
    await h.send(credit('zzzqqq'), FORM);
    expect((await lastResponse()).text).toContain('No customer matches “zzzqqq”');
    const empty = await h.send(credit(''), FORM);
    expect(await empty.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Usage: `/credit'),
    });
  });
});

function mention(text: string, eventId: string, user = 'UCHAT') {
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: eventId,
    event_time: 1,
    event: {
      type: 'app_mention',
      user,
      text: `<@UBOT> ${text}`,
      channel: 'CGEN',
      ts: '1.1',
      event_ts: '1.1',
    },
  });
}

async function ephemeral() {
  await vi.waitFor(() => expect(h.fake.callsTo('chat.postEphemeral').length).toBeGreaterThan(0));
  return h.fake.callsTo('chat.postEphemeral').at(-1)?.args ?? {};
}

describe('@mentions and DMs', () => {
  it('answers status, overdue (mine and all), approvals and grievances to the asker only', async () => {
    await h.send(mention('status acme.com', 'Ev-m1'), JSON_TYPE);
    expect(await ephemeral()).toMatchObject({ channel: 'CGEN', user: 'UCHAT' });
    expect(JSON.stringify((await ephemeral()).blocks)).toContain('Acme Corporation');

    h.fake.reset();
    await h.send(mention('overdue', 'Ev-m2'), JSON_TYPE);
    const overdue = JSON.stringify((await ephemeral()).blocks);
    expect(overdue).toContain('AC-9');
    expect(overdue).toContain('$2,500.00 (1 invoice)');
    expect(overdue).not.toContain('AC-10');

    h.fake.reset();
    await h.send(mention('overdue', 'Ev-m3', 'USTRANGER'), JSON_TYPE);
    expect(JSON.stringify((await ephemeral()).blocks)).toContain('None of your customers is overdue');
    // Everyone's overdue invoices, as far as the asker may read them (the default policy): a member
    // who owns nothing sees none of them, an approver sees them all.
    h.fake.reset();
    await h.send(mention('overdue all', 'Ev-m4', 'USTRANGER'), JSON_TYPE);
    const hidden = JSON.stringify((await ephemeral()).blocks);
    expect(hidden).not.toContain('AC-9');
    expect(hidden).toContain('Not shown: 1 customer with overdue invoices');

    h.fake.reset();
    await insertApprover(h.deps.db, 'UAPPROVER');
    await h.send(mention('overdue all', 'Ev-m4b', 'UAPPROVER'), JSON_TYPE);
    expect(JSON.stringify((await ephemeral()).blocks)).toContain('AC-9');

    h.fake.reset();
    await h.send(mention('approvals', 'Ev-m5', 'UAPPROVER'), JSON_TYPE);
    expect(JSON.stringify((await ephemeral()).blocks)).toContain('No approvals are waiting for you');

    h.fake.reset();
    await h.send(mention('grievances', 'Ev-m6'), JSON_TYPE);
    expect(JSON.stringify((await ephemeral()).blocks)).toContain('You have no open grievances');
  });

  it('answers an unknown request with help, not silence', async () => {
    await h.send(mention('make me a sandwich', 'Ev-m7'), JSON_TYPE);
    const text = JSON.stringify((await ephemeral()).blocks);
    expect(text).toContain('I didn’t understand “make me a sandwich”');
    expect(text).toContain('overdue all');
  });

  it('replies to a DM through the outbox, once per message', async () => {
    const dm = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev-dm1',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'UCHAT',
        text: 'help',
        channel: 'DCHAT',
        ts: '5.5',
        event_ts: '5.5',
      },
    });
    await h.send(dm, JSON_TYPE);
    await h.send(dm, JSON_TYPE, { headers: { 'x-slack-retry-num': '1' } });
    await vi.waitFor(async () => {
      const rows = await h.deps.db
        .select()
        .from(outbox)
        .where(eq(outbox.target, 'slack.chat.postMessage'))
        .orderBy(asc(outbox.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.payload).toMatchObject({ channel: 'DCHAT' });
    });
  });

  it('draws the App Home with my overdue invoices and customers at risk', async () => {
    await h.send(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'Ev-home',
        event_time: 1,
        event: { type: 'app_home_opened', user: 'UCHAT', channel: 'D1', tab: 'home', event_ts: '1.2' },
      }),
      JSON_TYPE,
    );
    await vi.waitFor(() => expect(h.fake.callsTo('views.publish')).toHaveLength(1));
    const view = JSON.stringify(h.fake.callsTo('views.publish')[0]?.args.view);
    expect(view).toContain('Customers at risk');
    expect(view).toContain('*Acme Corporation* — score 48 (high risk)');
    expect(view).toContain('AC-9');
  });
});
