// Money that does not add up: a payment above its invoice's open balance is refused with the invoice,
// its balance and the amount named, or (where the policy says so) kept as unapplied cash on the
// customer's account. Never a negative balance — the database refuses one too.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/commands/import.ts';
import { queryOne } from '../../../src/db/rows.ts';
import { invoices } from '../../../src/db/schema/index.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { testCliEnv } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
let companyId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(testDeps(database));
  const row = await queryOne<{ id: string }>(
    database.db,
    sql`insert into companies (external_id, name, currency) values ('INITECH', 'Initech', 'USD') returning id`,
  );
  companyId = String(row?.id);
});
afterAll(async () => database?.close());

const post = (path: string, body: unknown, method = 'POST') =>
  app.request(`/api/v1/${path}`, {
    method,
    headers: adminHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });

const invoice = (externalId: string, amount: string) => ({
  externalId,
  companyExternalId: 'INITECH',
  currency: 'USD',
  amount,
  number: `N-${externalId}`,
  issuedOn: '2026-10-01',
  dueOn: '2026-12-31',
});
const payment = (externalId: string, invoiceExternalId: string | null, amount: string) => ({
  externalId,
  ...(invoiceExternalId ? { invoiceExternalId } : { companyExternalId: 'INITECH' }),
  currency: 'USD',
  amount,
  receivedOn: '2026-11-20',
});

const invoiceRow = (externalId: string) =>
  queryOne<{ balance_minor: string; status: string; paid_on: string | null }>(
    database.db,
    sql`select balance_minor::text, status, paid_on::text from invoices where source = 'books' and external_id = ${externalId}`,
  );
const paymentRow = (externalId: string) =>
  queryOne<{ amount_minor: string; unapplied_minor: string }>(
    database.db,
    sql`select amount_minor::text, unapplied_minor::text from payments where source = 'books' and external_id = ${externalId}`,
  );
const creditFile = async () =>
  (await app.request(`/api/v1/companies/${companyId}/credit`, { headers: adminHeaders() })).json();

async function setPayments(payments: { overpayment: string; overpaymentToleranceMinor: string }) {
  const current = await (await app.request('/api/v1/policy', { headers: adminHeaders() })).json();
  const response = await post(
    'policy',
    { policy: { ...current.policy, payments }, reason: 'overpayment handling' },
    'PUT',
  );
  expect(response.status).toBe(200);
}

describe('payments above the open balance', () => {
  it('refuses 999,999,999 against a 100,000.00 invoice, naming the invoice, balance and amount', async () => {
    expect(
      (await post('invoices/batch', { source: 'books', rows: [invoice('I-1', '100000.00')] })).status,
    ).toBe(200);
    const response = await post('payments/batch', {
      source: 'books',
      rows: [payment('P-ok', 'I-1', '10.00'), payment('P-1', 'I-1', '999999999')],
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(problem.issues).toEqual([
      {
        path: 'rows.1.amount',
        message:
          'invoice N-I-1 has an open balance of $99,990.00; a payment of $999,999,999.00 is $999,900,009.00 more',
      },
    ]);
    expect(await invoiceRow('I-1')).toEqual({ balance_minor: '10000000', status: 'open', paid_on: null });
    expect(await paymentRow('P-ok')).toBeUndefined();
    // A dry run finds the same refusal.
    const dry = await post('payments/batch', {
      source: 'books',
      dryRun: true,
      rows: [payment('P-1', 'I-1', '999999999')],
    });
    expect(dry.status).toBe(400);
  });

  it('pays an invoice exactly, and refuses a second payment on it', async () => {
    const exact = await post('payments/batch', {
      source: 'books',
      rows: [payment('P-2', 'I-1', '100000.00')],
    });
    expect(exact.status).toBe(200);
    expect(await invoiceRow('I-1')).toEqual({ balance_minor: '0', status: 'paid', paid_on: '2026-11-20' });
    const again = await post('payments/batch', { source: 'books', rows: [payment('P-3', 'I-1', '0.01')] });
    expect(again.status).toBe(400);
    // Re-importing the payment that paid it is not an overpayment: it replaces itself.
    expect(
      (await post('payments/batch', { source: 'books', rows: [payment('P-2', 'I-1', '100000.00')] })).status,
    ).toBe(200);
    expect(await paymentRow('P-2')).toEqual({ amount_minor: '10000000', unapplied_minor: '0' });
  });

  it('keeps an excess within the tolerance as unapplied cash, shown in the credit file', async () => {
    await setPayments({ overpayment: 'refuse', overpaymentToleranceMinor: '100' });
    await post('invoices/batch', { source: 'books', rows: [invoice('I-2', '500.00')] });
    const response = await post('payments/batch', {
      source: 'books',
      rows: [payment('P-4', 'I-2', '500.40')],
    });
    expect(response.status).toBe(200);
    expect(await invoiceRow('I-2')).toMatchObject({ balance_minor: '0', status: 'paid' });
    expect(await paymentRow('P-4')).toEqual({ amount_minor: '50040', unapplied_minor: '40' });
    expect((await creditFile()).unappliedCash).toEqual([{ currency: 'USD', amountMinor: '40' }]);
    const beyond = await post('payments/batch', { source: 'books', rows: [payment('P-4', 'I-2', '501.01')] });
    expect(beyond.status).toBe(400);
  });

  it('under unapplied_cash keeps the whole excess on the account, without lowering exposure', async () => {
    await setPayments({ overpayment: 'unapplied_cash', overpaymentToleranceMinor: '0' });
    await post('invoices/batch', {
      source: 'books',
      rows: [invoice('I-3', '100.00'), invoice('I-4', '300.00')],
    });
    const file = { source: 'books', rows: [payment('P-5', 'I-3', '150.00'), payment('P-6', null, '25.00')] };
    expect((await post('payments/batch', file)).status).toBe(200);
    expect((await post('payments/batch', file)).status).toBe(200); // the same file again changes nothing
    expect(await invoiceRow('I-3')).toMatchObject({ balance_minor: '0', status: 'paid' });
    expect(await paymentRow('P-5')).toEqual({ amount_minor: '15000', unapplied_minor: '5000' });
    expect(await paymentRow('P-6')).toEqual({ amount_minor: '2500', unapplied_minor: '2500' });
    const file2 = await creditFile();
    expect(file2.unappliedCash).toEqual([{ currency: 'USD', amountMinor: '7540' }]);
    // Exposure is what is owed: I-4 (300.00); the 75.40 unapplied is shown, not netted.
    expect(file2.profile.exposureMinor).toBe('30000');

    // A corrected payment takes its excess back.
    expect(
      (await post('payments/batch', { source: 'books', rows: [payment('P-5', 'I-3', '80.00')] })).status,
    ).toBe(200);
    expect(await invoiceRow('I-3')).toMatchObject({ balance_minor: '2000', status: 'open', paid_on: null });
    expect(await paymentRow('P-5')).toEqual({ amount_minor: '8000', unapplied_minor: '0' });
  });

  it('lowers an invoice below its payments only as the policy allows', async () => {
    // unapplied_cash is in force: I-3 (100.00, 80.00 paid) corrected to 50.00 leaves 30.00 unapplied.
    expect((await post('invoices/batch', { source: 'books', rows: [invoice('I-3', '50.00')] })).status).toBe(
      200,
    );
    expect(await invoiceRow('I-3')).toMatchObject({ balance_minor: '0', status: 'paid' });
    expect(await paymentRow('P-5')).toEqual({ amount_minor: '8000', unapplied_minor: '3000' });

    await setPayments({ overpayment: 'refuse', overpaymentToleranceMinor: '0' });
    const refused = await post('invoices/batch', { source: 'books', rows: [invoice('I-3', '10.00')] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { issues: { message: string }[] }).issues[0]?.message).toBe(
      'invoice N-I-3 already has $50.00 of payments applied; an amount of $10.00 would leave $40.00 paid too much',
    );
    expect(await paymentRow('P-5')).toEqual({ amount_minor: '8000', unapplied_minor: '3000' });
  });

  it('refuses the overpaying line of a CSV import and imports the rest', async () => {
    await post('invoices/batch', { source: 'books', rows: [invoice('I-5', '200.00')] });
    const dir = await mkdtemp(join(tmpdir(), 'creditline-overpay-'));
    const file = join(dir, 'payments.csv');
    await writeFile(
      file,
      [
        'external_id,invoice_external_id,currency,amount,received_on',
        'C-1,I-5,USD,120.00,2026-11-21',
        'C-2,I-5,USD,90.00,2026-11-22',
        'C-3,,EURO,-5,2026-11-31',
        '',
      ].join('\n'),
    );
    const out: string[] = [];
    const env = testCliEnv(database, testDeps(database).config, out);
    expect(await importCommand.run(['payments', file, '--source', 'books'], env)).toBe(1);
    expect(out[0]).toMatch(/^Imported 1 payment \(1 new, 0 updated\); 5 problems in 2 rejected rows/);
    expect(out.slice(1)).toEqual([
      '  line 3: amount: invoice N-I-5 has an open balance of $80.00; a payment of $90.00 is $10.00 more',
      expect.stringMatching(/^ {2}line 4: currency: /),
      '  line 4: amount: must be positive',
      expect.stringMatching(/^ {2}line 4: receivedOn: /),
      '  line 4: invoiceExternalId: an invoice or company reference is required',
    ]);
    expect(await invoiceRow('I-5')).toMatchObject({ balance_minor: '8000', status: 'open' });
  });

  it('is held by the database as the last line: no negative balance is stored', async () => {
    await expect(
      database.db.insert(invoices).values({
        source: 'books',
        externalId: 'I-negative',
        companyId,
        currency: 'USD',
        amountMinor: 100n,
        balanceMinor: -1n,
        issuedOn: '2026-10-01',
        dueOn: '2026-10-31',
        status: 'paid',
        updatedAt: new Date('2026-11-26T12:00:00Z'),
      }),
    ).rejects.toThrow();
  });
});
