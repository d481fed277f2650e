// The receiver with the real Bolt listeners: retried event deliveries are processed once, the ack goes
// out before slow work finishes, and interactive payloads reach their listeners.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { inbox } from '../../../src/db/schema/index.ts';
import { insertCompany, insertInvoice, insertOwner, savePolicy } from '../../support/collections.ts';
import { interactionBody, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
  await savePolicy(h.deps.db);
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

function homeOpened(eventId: string, user: string) {
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: eventId,
    event_time: 1_700_000_000,
    event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.2' },
  });
}

describe('event deliveries', () => {
  it('processes a delivery once when Slack retries it', async () => {
    const first = await h.send(homeOpened('Ev-retry-1', 'UHOME1'), JSON_TYPE);
    expect(first.status).toBe(200);
    await vi.waitFor(() => expect(h.fake.callsTo('views.publish')).toHaveLength(1));
    const retry = await h.send(homeOpened('Ev-retry-1', 'UHOME1'), JSON_TYPE, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    const [row] = await h.deps.db.select().from(inbox).where(eq(inbox.key, 'Ev-retry-1'));
    expect(row?.status).toBe('processed');
    // Give a wrongly re-dispatched retry the time to show up before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.callsTo('views.publish')).toHaveLength(1);
    expect(h.fake.callsTo('views.publish')[0]?.args.user_id).toBe('UHOME1');
  });

  it('processes a retried delivery again when the first attempt failed', async () => {
    const release = h.fake.hold('views.publish');
    h.fake.failNext('views.publish', { status: 200, body: { ok: false, error: 'not_authed' } });
    await h.send(homeOpened('Ev-fail-1', 'UHOME2'), JSON_TYPE);
    release();
    await vi.waitFor(async () => {
      const [row] = await h.deps.db.select().from(inbox).where(eq(inbox.key, 'Ev-fail-1'));
      expect(row?.status).toBe('failed');
    });
    await h.send(homeOpened('Ev-fail-1', 'UHOME2'), JSON_TYPE, { headers: { 'x-slack-retry-num': '1' } });
    await vi.waitFor(async () => {
      const [row] = await h.deps.db.select().from(inbox).where(eq(inbox.key, 'Ev-fail-1'));
      expect(row?.status).toBe('processed');
      expect(row?.attempts).toBe(2);
    });
  });
});

describe('acknowledgement', () => {
  it('answers a button click before the slow work after the ack is done', async () => {
    const owner = await insertOwner(h.deps.db, { slackUserId: 'UACK1' });
    const company = await insertCompany(h.deps.db, { name: 'Ackme Ltd', ownerId: owner.id });
    const invoice = await insertInvoice(h.deps.db, { companyId: company.id, dueOn: '2026-11-01' });
    const release = h.fake.hold('views.open');
    const payload = {
      type: 'block_actions',
      user: { id: 'UACK1' },
      team: { id: 'T1' },
      trigger_id: h.fake.issueTrigger(),
      channel: { id: 'DACK1' },
      response_url: 'https://hooks.slack.test/actions/T1/1/ack',
      actions: [
        {
          type: 'button',
          action_id: 'collections.log_promise',
          block_id: `invoice:${invoice.id}`,
          value: JSON.stringify({ invoiceId: invoice.id, companyId: company.id }),
          action_ts: '1.1',
        },
      ],
    };
    // views.open cannot complete until released, yet the response arrives: the ack went out first.
    const response = await h.send(interactionBody(payload), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    // The slow part carries on after the response.
    await vi.waitFor(() => expect(h.fake.callsTo('views.open')).toHaveLength(1));
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.fake.responses).toHaveLength(0);
    const view = h.fake.callsTo('views.open')[0]?.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(view.callback_id).toBe('collections.promise_modal');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ invoiceId: invoice.id, companyId: company.id });
  });

  it('answers 200 at once for a payload no listener handles', async () => {
    const response = await h.send(
      interactionBody({
        type: 'block_actions',
        user: { id: 'U1' },
        team: { id: 'T1' },
        actions: [{ type: 'button', action_id: 'nobody.listens', block_id: 'b', action_ts: '1' }],
      }),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(200);
  });
});
