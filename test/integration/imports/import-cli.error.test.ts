// `creditline import` on files that are not what it expects: each problem in one line that says what
// to fix, and nothing imported that should not be.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../../src/cli/commands/import.ts';
import { queryOne } from '../../../src/db/rows.ts';
import { testDeps } from '../../support/app.ts';
import { testCliEnv } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'creditline-import-errors-'));
  await database.db.execute(
    sql`insert into companies (external_id, name, currency) values ('GLOBEX', 'Globex', 'USD')`,
  );
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'external_id,company_external_id,currency,amount,issued_on,due_on';

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await importCommand.run(args, testCliEnv(database, testDeps(database).config, lines));
  return { code, lines };
}

async function csv(name: string, lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

const stored = async (source: string) =>
  (
    await queryOne<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from invoices where source = ${source}`,
    )
  )?.n;

describe('creditline import on a file it cannot take as it is', () => {
  it('names the line of a quote that is never closed, imports the rows before it and writes the rejects file', async () => {
    const file = await csv('quote.csv', [
      HEADER,
      'Q-1,GLOBEX,USD,10.00,2026-09-01,2026-10-01',
      '"Q-2,GLOBEX,USD,20.00,2026-09-01,2026-10-01',
      'Q-3,GLOBEX,USD,30.00,2026-09-01,2026-10-01',
    ]);
    const report = join(dir, 'quote-rejects.csv');
    const { code, lines } = await run(['invoices', file, '--source', 'quote', '--rejects', report]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Imported 1 invoice (1 new, 0 updated); 1 problem in 1 rejected row.',
      expect.stringMatching(
        /^ {2}line 3: \(file\): a quoted field opened here is never closed, so lines 3–4 were not imported/,
      ),
    ]);
    expect((await readFile(report, 'utf8')).split('\n').slice(0, 2)).toEqual([
      'line,field,reason',
      expect.stringMatching(/^3,"\(file\)","a quoted field opened here is never closed/),
    ]);
    expect(await stored('quote')).toBe('1');
  });

  it('rejects a row with more fields than the header and imports the others', async () => {
    const file = await csv('fields.csv', [
      HEADER,
      'F-1,GLOBEX,USD,1,200.00,2026-09-01,2026-10-01',
      'F-2,GLOBEX,USD,5.00,2026-09-01,2026-10-01',
    ]);
    const { code, lines } = await run(['invoices', file, '--source', 'fields']);
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Imported 1 invoice (1 new, 0 updated); 1 problem in 1 rejected row.',
      '  line 2: (row): has 7 fields where the header has 6 (a value with a comma must be in quotes)',
    ]);
  });

  it('names unknown columns and the expected ones, and imports nothing', async () => {
    const file = await csv('columns.csv', [
      'external_id,company_external_id,currency,amout,issued_on,due_on,memo',
      'U-1,GLOBEX,USD,10.00,2026-09-01,2026-10-01,hello',
    ]);
    const { code, lines } = await run(['invoices', file, '--source', 'columns']);
    expect(code).toBe(2);
    expect(lines.join('\n').split('\n')).toEqual([
      `${file}: unknown column(s) amout, memo (rename or remove them).`,
      `${file}: missing required column(s) amount.`,
      'Columns for invoices: external_id, company_id, company_external_id, company_hubspot_id, number, currency, amount, balance, issued_on, due_on, status, paid_on; required: external_id, currency, amount, issued_on, due_on.',
      'Nothing was imported.',
    ]);
    expect(await stored('columns')).toBe('0');
  });

  it('says in one line that the file is missing', async () => {
    const { code, lines } = await run(['payments', join(dir, 'nope.csv')]);
    expect(code).toBe(2);
    expect(lines).toEqual([`No such file: ${join(dir, 'nope.csv')}`]);
  });

  it('names the kinds it imports', async () => {
    const { code, lines } = await run(['widgets', 'f.csv']);
    expect(code).toBe(2);
    expect(lines[0]?.split('\n')).toEqual([
      'Unknown kind "widgets": creditline imports invoices or payments.',
      importCommand.usage,
    ]);
  });
});
