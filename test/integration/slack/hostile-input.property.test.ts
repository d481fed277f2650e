// Property: POST /slack/events, correctly signed, never answers 5xx to hostile events, interactivity
// payloads or slash commands, and writes no data: the sender here may act on nothing, so the only rows
// allowed are the inbox's record of the delivery, the outbox's replies to the person (a DM answer) and
// the audit row of a refused read of a credit file (refused reads are audited on purpose).

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.ts';
import { ACTIONS, SHORTCUTS, VIEWS } from '../../../src/integrations/slack/blocks/ids.ts';
import { slackWorkSettled } from '../../../src/slack/receiver.ts';
import { insertCompany, insertInvoice, insertOwner, savePolicy } from '../../support/collections.ts';
import { brokenBodyText, hostileString, hostileVariant, looseEncode } from '../../support/hostile.ts';
import { rowCounts } from '../../support/row-counts.ts';
import { FORM, JSON_TYPE } from '../../support/slack.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

const RUNS = 50;
/** The delivery record and the bot's replies; every other table holds data a stranger may not change. */
const NOT_DATA = ['inbox', 'outbox', 'audit_log'];

/** Audit rows other than refused reads: none may appear. */
async function auditedActions(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    h.deps.db,
    sql`select count(*)::int as n from audit_log where action <> 'credit_file.read_refused'`,
  );
  return Number(row?.n ?? 0);
}
/** Someone with no accounts, approvals or grievances: whatever they send, nothing may change. */
const STRANGER = 'USTRANGER';

let h: SlackHarness;
let companyId = '';
let invoiceId = '';
beforeAll(async () => {
  h = await slackHarness();
  await savePolicy(h.deps.db);
  const owner = await insertOwner(h.deps.db, { slackUserId: 'UOWNER' });
  const company = await insertCompany(h.deps.db, { name: 'Acme Corporation', ownerId: owner.id });
  companyId = company.id;
  invoiceId = (await insertInvoice(h.deps.db, { companyId, dueOn: '2026-10-01' })).id;
  answerForeignUrls(h);
});
afterAll(() => h.close());

/** A mutated response_url points anywhere; answer it instead of letting the unhandled request be reported. */
function answerForeignUrls(harness: SlackHarness) {
  harness.fake.server.use(
    http.post(/^(?!https:\/\/(hooks\.)?slack\.test\/)/, () =>
      HttpResponse.text('no_service', { status: 404 }),
    ),
  );
}

let eventCounter = 0;
const event = (inner: Record<string, unknown>) => () => ({
  type: 'event_callback',
  team_id: 'T1',
  api_app_id: 'A1',
  event_id: `EvHostile${++eventCounter}`,
  event_time: 1_764_158_400,
  event: inner,
});

const EVENTS = [
  event({ type: 'app_mention', user: STRANGER, text: '<@UBOT> credit Acme', channel: 'C1', ts: '1.1' }),
  event({ type: 'message', channel_type: 'im', user: STRANGER, text: 'acme', channel: 'D1', ts: '1.2' }),
  event({ type: 'app_home_opened', user: STRANGER, tab: 'home' }),
  event({
    type: 'message',
    channel_type: 'channel',
    user: STRANGER,
    text: 'hi',
    channel: 'C1',
    ts: '2.1',
    thread_ts: '1.1',
  }),
];

const interaction = (payload: Record<string, unknown>) => () => ({
  user: { id: STRANGER },
  team: { id: 'T1' },
  response_url: 'https://hooks.slack.test/actions/T1/1/x',
  ...payload,
});

const INTERACTIONS = [
  ...Object.values(ACTIONS).map((actionId) =>
    interaction({
      type: 'block_actions',
      trigger_id: '1.1.x',
      channel: { id: 'D1' },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b',
          value: JSON.stringify({ companyId, invoiceId }),
          action_ts: '1',
        },
      ],
    }),
  ),
  ...Object.values(VIEWS).map((callbackId) =>
    interaction({
      type: 'view_submission',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: callbackId,
        private_metadata: JSON.stringify({ companyId, invoiceId, channelId: 'D1' }),
        state: { values: { amount: { amount: { type: 'plain_text_input', value: '100.00' } } } },
      },
    }),
  ),
  ...Object.values(SHORTCUTS).map((callbackId) =>
    interaction({
      type: callbackId === SHORTCUTS.lookup ? 'shortcut' : 'message_action',
      callback_id: callbackId,
      trigger_id: '1.1.x',
      channel: { id: 'C1' },
      message: { ts: '1.1', text: 'Acme has not paid', user: 'UOTHER' },
    }),
  ),
];

const COMMAND = {
  token: 'x',
  team_id: 'T1',
  team_domain: 'acme',
  channel_id: 'C1',
  channel_name: 'general',
  user_id: STRANGER,
  user_name: 'stranger',
  command: '/credit',
  text: 'acme',
  response_url: 'https://hooks.slack.test/actions/T1/1/command',
  trigger_id: '1.1.x',
  api_app_id: 'A1',
};

/** Form fields encoded loosely, so NUL and lone surrogates reach the server as a careless client sends them. */
const formOf = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(
      ([key, value]) =>
        `${looseEncode(key)}=${looseEncode(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))}`,
    )
    .join('&');

const jsonText = (value: unknown) => JSON.stringify(value) ?? 'null';

const requests = fc.oneof(
  fc
    .constantFrom(...EVENTS)
    .chain((make) => fc.oneof(hostileVariant(make()).map(jsonText), brokenBodyText))
    .map((body) => ({ body, type: JSON_TYPE })),
  fc
    .constantFrom(...INTERACTIONS)
    .chain((make) => fc.oneof(hostileVariant(make()).map(jsonText), brokenBodyText))
    .map((payload) => ({ body: formOf({ payload }), type: FORM })),
  fc
    .tuple(fc.constantFrom(...Object.keys(COMMAND)), fc.oneof(hostileString, fc.constant('')))
    .map(([field, value]) => ({ body: formOf({ ...COMMAND, [field]: value }), type: FORM })),
  fc
    .tuple(brokenBodyText, fc.constantFrom(JSON_TYPE, FORM, 'text/plain'))
    .map(([body, type]) => ({ body, type })),
);

/** The tables whose counts moved, with before and after: empty when nothing was written. */
function changed(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.keys({ ...before, ...after })
      .filter((table) => before[table] !== after[table])
      .map((table) => [table, `${before[table]} → ${after[table]}`]),
  );
}

describe('POST /slack/events under hostile input', () => {
  it('never answers 5xx, and writes no data', async () => {
    const unchanged = await rowCounts(h.deps.db, NOT_DATA);
    const audited = await auditedActions();
    await fc.assert(
      fc.asyncProperty(requests, async ({ body, type }) => {
        const response = await h.send(body, type);
        // Listeners finish their work after the acknowledgement: count once they are done.
        await slackWorkSettled();
        expect(response.status, `${type} ${body.slice(0, 300)}`).toBeLessThan(500);
        expect(
          changed(unchanged, await rowCounts(h.deps.db, NOT_DATA)),
          `${type} ${body.slice(0, 300)}`,
        ).toEqual({});
        expect(await auditedActions(), `${type} ${body.slice(0, 300)}`).toBe(audited);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
