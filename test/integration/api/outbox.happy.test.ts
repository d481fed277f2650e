import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox } from '../../../src/db/schema/index.ts';
import { enqueue } from '../../../src/services/outbox/enqueue.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('outbox API', () => {
  it('lists dead letters with their last error and requeues them, audited', async () => {
    const deps = testDeps(database);
    const app = testApp(deps);
    const dead = await enqueue(database.db, deps.clock.now(), {
      target: 'slack.chat.postMessage',
      payload: { channel: 'C1' },
    });
    await enqueue(database.db, deps.clock.now(), {
      target: 'slack.chat.postMessage',
      payload: { channel: 'C2' },
    });
    if (dead === null) throw new Error('no id');
    await database.db
      .update(outbox)
      .set({ status: 'dead', attempts: 8, lastError: 'HTTP 500' })
      .where(eq(outbox.id, dead));

    const list = await app.request('/api/v1/outbox?status=dead', { headers: adminHeaders() });
    const body = (await list.json()) as { data: { id: string; lastError: string; attempts: number }[] };
    expect(body.data).toEqual([
      expect.objectContaining({ id: dead.toString(), lastError: 'HTTP 500', attempts: 8 }),
    ]);

    const retry = await app.request('/api/v1/outbox/retry', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ids: [dead.toString()] }),
    });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ requeued: [dead.toString()] });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, dead));
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'outbox.retry'));
    expect(audit).toEqual([expect.objectContaining({ entityId: dead.toString(), actor: 'admin:api-token' })]);

    const again = await app.request('/api/v1/outbox/retry', {
      method: 'POST',
      headers: adminHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ids: [dead.toString()] }),
    });
    expect(again.status).toBe(404);
  });
});
