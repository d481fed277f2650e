import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, creditPolicies, creditProfiles } from '../../../src/db/schema/index.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany, makeInvoice } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const json = (body: unknown) => ({
  method: 'PUT',
  headers: adminHeaders({ 'content-type': 'application/json' }),
  body: JSON.stringify(body),
});

describe('policy versioning', () => {
  it('seeds the default as version 1, stores each change as a new audited version and keeps the old ones', async () => {
    const app = testApp(testDeps(database));
    const first = await app.request('/api/v1/policy', { headers: adminHeaders() });
    expect(first.status).toBe(200);
    const v1 = await first.json();
    expect(v1).toMatchObject({ version: 1, createdBy: 'system:default-policy' });
    expect(v1.policy.defaultLimits.default).toBe('1000000');
    expect(v1.policy.flags.brokenPromiseDays).toBe(90);

    // A company scored under version 1.
    const company = await makeCompany(database.db, { segment: 'smb' });
    await makeInvoice(database.db, company.id, { amountMinor: 100_000n, dueOn: '2026-12-30' });
    const changed = { ...defaultPolicy, defaultLimits: { ...defaultPolicy.defaultLimits, smb: '3000000' } };
    const put = await app.request(
      '/api/v1/policy',
      json({ policy: changed, reason: 'raise SMB default', expectedVersion: 1 }),
    );
    expect(put.status).toBe(200);
    const v2 = await put.json();
    expect(v2).toMatchObject({ version: 2, reason: 'raise SMB default', createdBy: 'admin:api-token' });
    expect(v2.policy.defaultLimits.smb).toBe('3000000');
    expect(v2.rescored).toBeGreaterThanOrEqual(1);

    // The change rescored the company under version 2 with the new default limit.
    const [profile] = await database.db
      .select()
      .from(creditProfiles)
      .where(eq(creditProfiles.companyId, company.id));
    expect(profile).toMatchObject({ policyVersion: 2, limitMinor: 3_000_000n, availableMinor: 2_900_000n });

    const versions = await (await app.request('/api/v1/policy/versions', { headers: adminHeaders() })).json();
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await (await app.request('/api/v1/policy/versions/1', { headers: adminHeaders() })).json();
    expect(old.policy.defaultLimits.smb).toBe('1000000');

    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entityType, 'credit_policy'));
    expect(audits.map((row) => [row.action, row.entityId])).toEqual([
      ['policy.seed', '1'],
      ['policy.update', '2'],
    ]);
    expect(audits[1]?.reason).toBe('raise SMB default');
  });

  it('rejects an invalid policy with a 400 naming the problems, and changes nothing', async () => {
    const app = testApp(testDeps(database));
    const before = await database.db.select().from(creditPolicies);
    const bad = {
      ...defaultPolicy,
      score: { ...defaultPolicy.score, thresholds: { low: 10, medium: 50, high: 30 } },
    };
    const response = await app.request('/api/v1/policy', json({ policy: bad, reason: 'oops' }));
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.issues).toContainEqual({
      path: 'policy.score.thresholds',
      message: 'must satisfy low > medium > high',
    });
    expect(await database.db.select().from(creditPolicies)).toHaveLength(before.length);
  });

  it('refuses a change made against an old version with 409', async () => {
    const app = testApp(testDeps(database));
    const response = await app.request(
      '/api/v1/policy',
      json({ policy: defaultPolicy, reason: 'stale', expectedVersion: 1 }),
    );
    expect(response.status).toBe(409);
    expect((await response.json()).code).toBe('conflict');
  });
});
