// Admin verbs check who acts inside the verb, not only at the route: a Slack user cannot reach them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/domain/errors.ts';
import type { ServiceContext } from '../../../src/services/context.ts';
import { setCreditLimit } from '../../../src/services/credit/limit.ts';
import { importPayments } from '../../../src/services/imports/import-payments.ts';
import { updatePolicy } from '../../../src/services/policy/update.ts';
import { testContext, testDeps } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('admin verbs', () => {
  it('refuse an actor that is not the admin API, the CLI or a job, before touching anything', async () => {
    const slackUser: ServiceContext = {
      ...testContext(testDeps(database)),
      actor: { kind: 'slack', id: 'U123' },
    };
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(setCreditLimit({ ctx: slackUser, input: { companyId: id } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(updatePolicy({ ctx: slackUser, input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importPayments({ ctx: slackUser, input: { source: 'x', rows: [] } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
