import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/commands/import.ts';
import { queryOne } from '../../../src/db/rows.ts';
import { adminHeaders, testApp, testDeps } from '../../support/app.ts';
import { testCliEnv } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(testDeps(database));
  await database.db.execute(
    sql`insert into companies (external_id, name, currency) values ('ACME', 'Acme GmbH', 'EUR'), ('GLOBEX', 'Globex', 'USD')`,
  );
});
afterAll(async () => {
  await database.close();
});

const post = (path: string, body: unknown) =>
  app.request(`/api/v1/${path}`, {
    method: 'POST',
    headers: adminHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });

const invoice = (externalId: string, amount: string, extra: Record<string, string> = {}) => ({
  externalId,
  companyExternalId: 'ACME',
  currency: 'EUR',
  amount,
  issuedOn: '2026-10-01',
  dueOn: '2026-10-31',
  ...extra,
});

const invoiceRow = (externalId: string) =>
  queryOne<{ balance_minor: string; status: string; paid_on: string | null; n: string }>(
    database.db,
    sql`select balance_minor::text, status, paid_on::text, (select count(*)::text from invoices where source = 'xero') as n
      from invoices where source = 'xero' and external_id = ${externalId}`,
  );

describe('invoice and payment imports', () => {
  it('upserts invoices idempotently by external id', async () => {
    const body = {
      source: 'xero',
      rows: [invoice('X-1', '250.00'), invoice('X-2', '99.99', { number: 'INV-2' }), invoice('X-3', '10')],
    };
    const first = await post('invoices/batch', body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ created: 3, updated: 0, dryRun: false });
    const again = await post('invoices/batch', body);
    expect(await again.json()).toEqual({ created: 0, updated: 3, dryRun: false });
    expect(await invoiceRow('X-1')).toEqual({
      balance_minor: '25000',
      status: 'open',
      paid_on: null,
      n: '3',
    });
  });

  it('rejects the whole batch with every bad row named, and changes nothing', async () => {
    const response = await post('invoices/batch', {
      source: 'xero',
      rows: [
        invoice('X-4', '5.00'),
        invoice('X-5', '12,50'),
        { ...invoice('X-6', '1.00'), companyExternalId: 'NOPE' },
        invoice('X-7', '1.001'),
      ],
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as {
      details?: { issues?: { path: string }[] };
      issues?: { path: string }[];
    };
    const paths = (problem.issues ?? problem.details?.issues ?? []).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['rows.1.amount', 'rows.2.company', 'rows.3.amount']));
    expect((await invoiceRow('X-1'))?.n).toBe('3');
  });

  it('names every bad field of a rejected row at once, not only the first that fails', async () => {
    const response = await post('invoices/batch', {
      source: 'xero',
      rows: [invoice('X-8', '-12.00', { issuedOn: '2026-02-30', dueOn: 'soon', companyExternalId: '' })],
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { issues?: { path: string; message: string }[] };
    expect(problem.issues).toEqual([
      { path: 'rows.0.amount', message: 'must not be negative' },
      { path: 'rows.0.issuedOn', message: expect.any(String) },
      { path: 'rows.0.dueOn', message: expect.any(String) },
      { path: 'rows.0.companyExternalId', message: 'a company reference is required' },
    ]);
    const payments = await post('payments/batch', {
      source: 'xero',
      rows: [{ externalId: 'P-x', currency: 'EURO', amount: '0.00', receivedOn: '2026-13-01' }],
    });
    const paymentProblem = (await payments.json()) as { issues?: { path: string }[] };
    expect(paymentProblem.issues?.map((issue) => issue.path)).toEqual([
      'rows.0.currency',
      'rows.0.amount',
      'rows.0.receivedOn',
      'rows.0.invoiceExternalId',
    ]);
  });

  it('reduces balances by payments, marks paid at zero, and ignores a repeated payment file', async () => {
    const payments = [
      {
        externalId: 'P-1',
        invoiceExternalId: 'X-1',
        currency: 'EUR',
        amount: '100.00',
        receivedOn: '2026-10-10',
      },
      {
        externalId: 'P-2',
        invoiceExternalId: 'X-1',
        currency: 'EUR',
        amount: '150.00',
        receivedOn: '2026-10-20',
      },
    ];
    expect((await post('payments/batch', { source: 'xero', rows: payments.slice(0, 1) })).status).toBe(200);
    expect(await invoiceRow('X-1')).toMatchObject({ balance_minor: '15000', status: 'open', paid_on: null });
    const both = await post('payments/batch', { source: 'xero', rows: payments });
    expect(await both.json()).toEqual({ created: 1, updated: 1, dryRun: false });
    expect(await invoiceRow('X-1')).toMatchObject({
      balance_minor: '0',
      status: 'paid',
      paid_on: '2026-10-20',
    });
    await post('payments/batch', { source: 'xero', rows: payments });
    expect(await invoiceRow('X-1')).toMatchObject({ balance_minor: '0', status: 'paid' });
    // A corrected amount re-opens the invoice by the difference only.
    await post('payments/batch', { source: 'xero', rows: [{ ...payments[1], amount: '140.00' }] });
    expect(await invoiceRow('X-1')).toMatchObject({ balance_minor: '1000', status: 'open', paid_on: null });
  });

  it('applies a payment once when the same file is imported twice at the same time', async () => {
    expect((await post('invoices/batch', { source: 'xero', rows: [invoice('X-9', '500.00')] })).status).toBe(
      200,
    );
    const file = {
      source: 'xero',
      rows: [
        {
          externalId: 'P-9',
          invoiceExternalId: 'X-9',
          currency: 'EUR',
          amount: '200.00',
          receivedOn: '2026-10-12',
        },
      ],
    };
    const responses = await Promise.all([post('payments/batch', file), post('payments/batch', file)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(await invoiceRow('X-9')).toMatchObject({ balance_minor: '30000', status: 'open' });
  });

  it('refuses a payment in another currency than its invoice', async () => {
    const response = await post('payments/batch', {
      source: 'xero',
      rows: [
        {
          externalId: 'P-9',
          invoiceExternalId: 'X-2',
          currency: 'USD',
          amount: '1.00',
          receivedOn: '2026-10-10',
        },
      ],
    });
    expect(response.status).toBe(400);
    expect((await invoiceRow('X-2'))?.balance_minor).toBe('9999');
  });
});

describe('creditline import', () => {
  const cliEnv = (lines: string[]) => testCliEnv(database, testDeps(database).config, lines);

  it('imports the good rows and reports each rejected one with its line number; dry-run writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'creditline-import-'));
    const file = join(dir, 'invoices.csv');
    await writeFile(
      file,
      [
        'external_id,company_external_id,currency,amount,issued_on,due_on,number',
        'C-1,GLOBEX,USD,1200.00,2026-09-01,2026-10-01,A1',
        'C-2,GLOBEX,USD,"1,200.00",2026-09-01,2026-10-01,A2',
        'C-3,UNKNOWN,USD,5.00,2026-09-01,2026-10-01,A3',
        'C-4,GLOBEX,USD,7.50,2026-09-31,2026-10-01,A4',
        'C-5,GLOBEX,USD,8.00,2026-09-01,2026-10-01,A5',
        '',
      ].join('\n'),
    );
    const dry: string[] = [];
    expect(
      await importCommand.run(['invoices', file, '--source', 'netsuite', '--dry-run'], cliEnv(dry)),
    ).toBe(1);
    expect(dry[0]).toMatch(/^Dry run: would import 2 invoices/);
    const none = await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from invoices where source = 'netsuite'`,
    );
    expect(none?.n).toBe('0');

    const out: string[] = [];
    const report = join(dir, 'rejects.csv');
    expect(
      await importCommand.run(['invoices', file, '--source', 'netsuite', '--rejects', report], cliEnv(out)),
    ).toBe(1);
    expect(out[0]).toBe('Imported 2 invoices (2 new, 0 updated); 3 problems in 3 rejected rows.');
    expect(out.slice(1)).toEqual([
      expect.stringMatching(/^ {2}line 3: amount: /),
      expect.stringMatching(/^ {2}line 4: company: no company/),
      expect.stringMatching(/^ {2}line 5: issuedOn: /),
    ]);
    expect((await readFile(report, 'utf8')).split('\n')[0]).toBe('line,field,reason');
    const stored = await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from invoices where source = 'netsuite'`,
    );
    expect(stored?.n).toBe('2');
  });
});
