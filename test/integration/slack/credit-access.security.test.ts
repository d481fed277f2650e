// Who may read a customer's credit file in Slack, through signed requests and the real listeners: by
// default the account's owner, the credit team and approvers; with `slackAccess.read: 'workspace'`
// every member. A refused /credit says who can see the file and leaves one audit row; lists and the
// App Home leave out what the reader may not see and say how much.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { approvalRequests, approvers, auditLog, grievances } from '../../../src/db/schema/index.ts';
import {
  insertApprover,
  insertCompany,
  insertInvoice,
  insertOwner,
  insertProfile,
  savePolicy,
} from '../../support/collections.ts';
import { resetDomain } from '../../support/scan.ts';
import { FORM, formBody, interactionBody, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

const OWNER = 'UANA';
const OTHER_OWNER = 'UBEN';
const OUTSIDER = 'UOUTSIDER';
const APPROVER = 'UCREDIT';
const REFUSAL =
  'Only the account’s owner (<@UANA>), the credit team and approvers can see Acme Foods’ credit file.';

let h: SlackHarness;
let acmeId: string;
let globexId: string;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  h.fake.reset();
  const db = h.deps.db;
  await resetDomain(db);
  await savePolicy(db);
  const ana = await insertOwner(db, { slackUserId: OWNER, firstName: 'Ana' });
  const ben = await insertOwner(db, { slackUserId: OTHER_OWNER, firstName: 'Ben' });
  const acme = await insertCompany(db, { name: 'Acme Foods', domain: 'acmefoods.com', ownerId: ana.id });
  const globex = await insertCompany(db, { name: 'Globex', domain: 'globex.com', ownerId: ben.id });
  acmeId = acme.id;
  globexId = globex.id;
  await insertProfile(db, acme.id, { score: 48, riskLevel: 'high' });
  await insertInvoice(db, {
    companyId: acme.id,
    dueOn: '2026-10-01',
    balanceMinor: 250_000n,
    number: 'AF-1',
  });
  await insertInvoice(db, {
    companyId: globex.id,
    dueOn: '2026-11-01',
    balanceMinor: 90_000n,
    number: 'GX-1',
  });
  await insertApprover(db, APPROVER);
});

function credit(text: string, user: string) {
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

async function creditAnswer(user: string, text = 'acmefoods.com') {
  h.fake.reset();
  const response = await h.send(credit(text, user), FORM);
  expect(response.status).toBe(200);
  await vi.waitFor(() => expect(h.fake.responses.length).toBeGreaterThan(0));
  const body = h.fake.responses.at(-1)?.body ?? {};
  expect(body.response_type).toBe('ephemeral');
  return { body, blocks: JSON.stringify(body.blocks) };
}

async function refusals(companyId: string) {
  return h.deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'credit_file.read_refused'), eq(auditLog.entityId, companyId)));
}

describe('/credit under the default policy', () => {
  it('refuses an unrelated member, says who can see the file, and audits it once', async () => {
    const before = (await refusals(acmeId)).length;
    const { body, blocks } = await creditAnswer(OUTSIDER);
    expect(body.text).toBe(REFUSAL);
    expect(blocks).toContain(REFUSAL);
    expect(blocks).not.toContain('*Limit*');
    expect(blocks).not.toContain('$2,500.00');
    expect(blocks).not.toContain('credit.request_limit');
    const rows = await refusals(acmeId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actor: `slack:${OUTSIDER}`,
      entityType: 'company',
      at: h.clock.now(),
      after: { companyName: 'Acme Foods', rule: 'owner_credit_team_approvers', ownerSlackUserId: OWNER },
      reason: expect.stringContaining('not the account'),
    });
  });

  it('shows the card to the owner and to an approver, and audits nothing', async () => {
    const before = (await refusals(acmeId)).length;
    for (const reader of [OWNER, APPROVER]) {
      const { blocks } = await creditAnswer(reader);
      expect(blocks).toContain('*Limit*\\n$10,000.00');
      expect(blocks).toContain('score 48 (high risk)');
    }
    expect(await refusals(acmeId)).toHaveLength(before);
  });

  it('refuses another account manager and an approver who is no longer active', async () => {
    expect((await creditAnswer(OTHER_OWNER)).body.text).toBe(REFUSAL);
    await h.deps.db.update(approvers).set({ active: false }).where(eq(approvers.slackUserId, APPROVER));
    expect((await creditAnswer(APPROVER)).body.text).toBe(REFUSAL);
  });

  it('names an owner without a Slack user, and says when there is no owner', async () => {
    const orphan = await insertCompany(h.deps.db, { name: 'Initech', domain: 'initech.com' });
    expect((await creditAnswer(OUTSIDER, 'initech.com')).body.text).toBe(
      'Only the credit team and approvers can see Initech’s credit file: the account has no owner.',
    );
    expect(await refusals(orphan.id)).toHaveLength(1);
    const unmapped = await insertOwner(h.deps.db, { slackUserId: null, firstName: 'Cara' });
    await insertCompany(h.deps.db, { name: 'Hooli', domain: 'hooli.com', ownerId: unmapped.id });
    expect((await creditAnswer(OUTSIDER, 'hooli.com')).body.text).toBe(
      'Only the account’s owner (Cara Manager), the credit team and approvers can see Hooli’s credit file.',
    );
  });

  it('refuses the card picked from a list, and `status` in a mention, the same way', async () => {
    h.fake.reset();
    await h.send(
      interactionBody({
        type: 'block_actions',
        user: { id: OUTSIDER },
        team: { id: 'T1' },
        trigger_id: h.fake.issueTrigger(),
        response_url: 'https://hooks.slack.test/actions/T1/1/pick',
        actions: [
          {
            type: 'button',
            action_id: 'credit.pick_company:0',
            block_id: 'b',
            value: JSON.stringify({ companyId: acmeId }),
            action_ts: '1',
          },
        ],
      }),
      FORM,
    );
    await vi.waitFor(() => expect(h.fake.responses.length).toBeGreaterThan(0));
    expect(h.fake.responses.at(-1)?.body).toMatchObject({ response_type: 'ephemeral', text: REFUSAL });

    h.fake.reset();
    await h.send(mention('status acme foods', 'Ev-acc-status', OUTSIDER), JSON_TYPE);
    const answer = await ephemeral();
    expect(answer).toMatchObject({ user: OUTSIDER, text: REFUSAL });
    expect(await refusals(acmeId)).toHaveLength(2);
  });
});

describe("/credit with slackAccess.read: 'workspace'", () => {
  it('shows any member the card and audits nothing', async () => {
    await savePolicy(h.deps.db, {}, { slackAccess: { read: 'workspace' } });
    const { blocks } = await creditAnswer(OUTSIDER);
    expect(blocks).toContain('*Limit*\\n$10,000.00');
    expect(await refusals(acmeId)).toHaveLength(0);
  });
});

function mention(text: string, eventId: string, user: string) {
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

async function overdueAll(user: string, eventId: string) {
  h.fake.reset();
  await h.send(mention('overdue all', eventId, user), JSON_TYPE);
  return JSON.stringify((await ephemeral()).blocks);
}

describe('"overdue all"', () => {
  it('lists only the customers the reader may see and says how many were left out', async () => {
    const ana = await overdueAll(OWNER, 'Ev-acc-o1');
    expect(ana).toContain('AF-1');
    expect(ana).not.toContain('GX-1');
    expect(ana).not.toContain('Globex');
    expect(ana).toContain('$2,500.00 (1 invoice)');
    expect(ana).toContain('Not shown: 1 customer with overdue invoices');

    const outsider = await overdueAll(OUTSIDER, 'Ev-acc-o2');
    expect(outsider).not.toContain('AF-1');
    expect(outsider).toContain('Nothing you can see is overdue.');
    expect(outsider).toContain('Not shown: 2 customers with overdue invoices');

    const approver = await overdueAll(APPROVER, 'Ev-acc-o3');
    expect(approver).toContain('AF-1');
    expect(approver).toContain('GX-1');
    expect(approver).not.toContain('Not shown');
  });

  it("lists everyone's with slackAccess.read: 'workspace'", async () => {
    await savePolicy(h.deps.db, {}, { slackAccess: { read: 'workspace' } });
    const outsider = await overdueAll(OUTSIDER, 'Ev-acc-o4');
    expect(outsider).toContain('AF-1');
    expect(outsider).toContain('GX-1');
    expect(outsider).not.toContain('Not shown');
  });

  it('writes no audit row for what a list leaves out', async () => {
    await overdueAll(OUTSIDER, 'Ev-acc-o5');
    expect(await refusals(acmeId)).toHaveLength(0);
    expect(await refusals(globexId)).toHaveLength(0);
  });
});

describe('App Home', () => {
  async function home(user: string, eventId: string) {
    h.fake.reset();
    await h.send(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: eventId,
        event_time: 1,
        event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.2' },
      }),
      JSON_TYPE,
    );
    await vi.waitFor(() => expect(h.fake.callsTo('views.publish')).toHaveLength(1));
    return JSON.stringify(h.fake.callsTo('views.publish')[0]?.args.view);
  }

  it('leaves out approvals and grievances of customers the reader may no longer see', async () => {
    // Ana asked about Globex and opened a complaint while it was hers; it is Ben's account now.
    const at = h.clock.now();
    await h.deps.db.insert(approvalRequests).values([
      {
        kind: 'limit_increase',
        companyId: globexId,
        requestedBy: OWNER,
        reason: 'Globex wants more',
        createdAt: at,
      },
      {
        kind: 'terms_change',
        companyId: acmeId,
        requestedBy: OWNER,
        reason: 'Acme asks 45 days',
        createdAt: at,
      },
    ]);
    await h.deps.db.insert(grievances).values({
      kind: 'complaint',
      companyId: globexId,
      title: 'Globex complaint',
      openedBy: OWNER,
      ownerSlackUserId: OWNER,
      openedAt: at,
    });
    const view = await home(OWNER, 'Ev-acc-h1');
    expect(view).toContain('*Acme Foods* — score 48 (high risk)');
    expect(view).toContain('AF-1');
    expect(view).toContain('Acme asks 45 days');
    expect(view).not.toContain('Globex');
    expect(view).toContain('Not shown: 1 approval —');
    expect(view).toContain('Not shown: 1 grievance —');

    const approverView = await home(APPROVER, 'Ev-acc-h2');
    expect(approverView).toContain('Globex wants more');
    expect(approverView).not.toContain('Not shown');
  });

  it('shows an unrelated member nothing of anyone else’s customers', async () => {
    const view = await home(OUTSIDER, 'Ev-acc-h3');
    expect(view).not.toContain('Acme Foods');
    expect(view).not.toContain('Globex');
    expect(view).toContain('None of your customers is overdue');
  });
});
