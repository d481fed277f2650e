// Slack effects leave through the outbox: a 429 is retried no sooner than Retry-After, 5xx is retried,
// other errors are final, and a delivered digest's ts is written to its alerts for later updates.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dunningAlerts, grievances, outbox } from '../../../src/db/schema/index.ts';
import { slackOutboxHandlers } from '../../../src/integrations/slack/outbox-handlers.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.ts';
import { queueSlackPost, queueSlackUpdate } from '../../../src/services/outbox/effects.ts';
import { insertCompany, insertInvoice, insertOwner, savePolicy } from '../../support/collections.ts';
import { resetDomain, scanAt } from '../../support/scan.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
let dispatcher: OutboxDispatcher;
beforeAll(async () => {
  h = await slackHarness({ start: '2026-11-26T09:05:00Z' });
  dispatcher = new OutboxDispatcher({
    db: h.deps.db,
    handlers: slackOutboxHandlers(h.config),
    clock: h.clock,
    logger: silentLogger,
    maxAttempts: 5,
    batchSize: 50,
    pollMs: 10,
    random: () => 0,
  });
});
afterAll(() => h.close());
beforeEach(async () => {
  h.fake.reset();
  await resetDomain(h.deps.db);
  await savePolicy(h.deps.db);
});

async function row(id: bigint | null) {
  if (id === null) throw new Error('not queued');
  const [found] = await h.deps.db.select().from(outbox).where(eq(outbox.id, id));
  return found;
}

describe('Slack outbox handlers', () => {
  it('retries a 429 after Retry-After and then delivers once', async () => {
    h.fake.failNext('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '30' },
      body: { ok: false, error: 'ratelimited' },
    });
    const id = await queueSlackPost(h.deps.db, h.clock.now(), { channel: 'C429', text: 'hello' });
    await dispatcher.dispatchOnce();
    const waiting = await row(id);
    expect(waiting?.status).toBe('pending');
    expect(waiting?.lastError).toContain('rate limited');
    expect((waiting?.nextAttemptAt.getTime() ?? 0) - h.clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    // Not due yet: nothing is sent.
    expect(await dispatcher.dispatchOnce()).toBe(0);
    h.clock.advance(30_000);
    await dispatcher.dispatchOnce();
    expect((await row(id))?.status).toBe('delivered');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
    h.clock.advance(60_000);
    await dispatcher.dispatchOnce();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('retries a 5xx and gives up at once on other errors', async () => {
    h.fake.failNext('chat.postMessage', { status: 503, body: { ok: false } });
    const retried = await queueSlackPost(h.deps.db, h.clock.now(), { channel: 'C503', text: 'try again' });
    await dispatcher.dispatchOnce();
    expect((await row(retried))?.status).toBe('pending');
    h.clock.advance(10 * 60_000);
    await dispatcher.dispatchOnce();
    expect((await row(retried))?.status).toBe('delivered');

    h.fake.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    const final = await queueSlackPost(h.deps.db, h.clock.now(), { channel: 'CGONE', text: 'nowhere' });
    await dispatcher.dispatchOnce();
    const dead = await row(final);
    expect(dead?.status).toBe('dead');
    expect(dead?.lastError).toContain('channel_not_found');
    expect(dead?.attempts).toBe(1);

    const malformed = await queueSlackPost(h.deps.db, h.clock.now(), { channel: '', text: 'no channel' });
    await dispatcher.dispatchOnce();
    expect((await row(malformed))?.status).toBe('dead');
  });

  it('writes the digest ts to its alerts, and the thread ts to a grievance', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UTS' });
    const company = await insertCompany(db, { name: 'Tsunami', ownerId: am.id });
    await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-25' });
    await scanAt(h.deps, '2026-11-26T09:05:00Z');
    await dispatcher.drain();
    const [alert] = await db.select().from(dunningAlerts).where(eq(dunningAlerts.companyId, company.id));
    expect(alert?.status).toBe('sent');
    expect(alert?.slackChannel).toBe('DTS');
    expect(alert?.slackTs).toMatch(/^\d+\.\d{6}$/);
    const [post] = h.fake.callsTo('chat.postMessage');
    expect(post?.args.channel).toBe('UTS');
    expect(JSON.stringify(post?.args.blocks)).toContain('collections.log_promise');

    const [grievance] = await db
      .insert(grievances)
      .values({
        kind: 'dispute',
        companyId: company.id,
        title: 't',
        openedBy: 'UTS',
        openedAt: h.clock.now(),
      })
      .returning();
    if (!grievance) throw new Error('no grievance');
    await queueSlackPost(db, h.clock.now(), {
      channel: 'CCREDIT01',
      text: 'thread',
      record: { grievanceId: grievance.id },
    });
    await dispatcher.drain();
    const [threaded] = await db.select().from(grievances).where(eq(grievances.id, grievance.id));
    expect(threaded?.slackChannel).toBe('CCREDIT01');
    expect(threaded?.slackThreadTs).toMatch(/^\d+\.\d{6}$/);
  });

  it('updates a message in place with chat.update', async () => {
    await queueSlackUpdate(h.deps.db, h.clock.now(), {
      channel: 'DUP',
      ts: '1.000100',
      text: 'paid',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'paid' } }],
    });
    await dispatcher.drain();
    const [update] = h.fake.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: 'DUP', ts: '1.000100', text: 'paid' });
  });

  it('paces posts to one channel about a second apart', async () => {
    for (let i = 0; i < 3; i++)
      await queueSlackPost(h.deps.db, h.clock.now(), { channel: 'CPACE', text: `m${i}` });
    const started = performance.now();
    await dispatcher.drain();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_000);
  });
});
