import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ValidationError } from '../../domain/errors.ts';
import { systemActor } from '../../services/context.ts';
import { importInvoices } from '../../services/imports/import-invoices.ts';
import { importPayments } from '../../services/imports/import-payments.ts';
import { InvoiceRow, MAX_IMPORT_ROWS, PaymentRow } from '../../services/imports/rows.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { type CsvProblem, type CsvRow, checkColumns, readHeader, readRows } from './import-csv.ts';

const KINDS = {
  invoices: { schema: InvoiceRow, importBatch: importInvoices, one: 'invoice' },
  payments: { schema: PaymentRow, importBatch: importPayments, one: 'payment' },
} as const;
type Kind = keyof typeof KINDS;

/** "1 invoice", "2 invoices". */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file))
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return Math.max(0, lines - 1);
}

/** One line on what is wrong with the file itself, or undefined when it can be read. */
async function fileProblem(file: string): Promise<string | undefined> {
  try {
    if (!(await stat(file)).isFile()) return `${file} is not a file.`;
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `No such file: ${file}`;
    if (code === 'EACCES') return `Cannot read ${file}: permission denied.`;
    throw error;
  }
}

/** Stops before any row is read when the header names a column the rows do not have, or lacks one. */
async function headerProblem(file: string, kind: Kind): Promise<string | undefined> {
  const headers = await readHeader(file);
  if (!headers) return `${file} is empty: the first line must name the columns.`;
  const check = checkColumns(headers, KINDS[kind].schema);
  if (check.unknown.length === 0 && check.missing.length === 0) return undefined;
  const lines = [];
  if (check.unknown.length > 0)
    lines.push(`${file}: unknown column(s) ${check.unknown.join(', ')} (rename or remove them).`);
  if (check.missing.length > 0)
    lines.push(`${file}: missing required column(s) ${check.missing.join(', ')}.`);
  lines.push(`Columns for ${kind}: ${check.known.join(', ')}; required: ${check.required.join(', ')}.`);
  lines.push('Nothing was imported.');
  return lines.join('\n');
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'creditline import invoices|payments FILE.csv [--source NAME] [--dry-run] [--rejects REPORT.csv]',
  summary: 'Import invoices or payments from a bookkeeping CSV export (idempotent by external id)',
  async run(args, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { source: { type: 'string' }, 'dry-run': { type: 'boolean' }, rejects: { type: 'string' } },
    });
    const [kind, file] = positionals;
    if (kind !== undefined && !Object.hasOwn(KINDS, kind)) {
      env.io.err(`Unknown kind "${kind}": creditline imports invoices or payments.\n${importCommand.usage}`);
      return 2;
    }
    if (!kind || !file) {
      env.io.err(importCommand.usage);
      return 2;
    }
    const known = kind as Kind;
    const problem = (await fileProblem(file)) ?? (await headerProblem(file, known));
    if (problem) {
      env.io.err(problem);
      return 2;
    }
    const { schema, importBatch, one } = KINDS[known];
    const dryRun = values['dry-run'] === true;
    const database = await env.database();
    const ctx = {
      db: database.db,
      config: env.config,
      logger: env.logger,
      actor: systemActor('cli-import'),
      now: env.clock.now(),
      clock: env.clock,
    };
    const bar = progressBar(env.io, known, env.io.isTty ? await countLines(file) : 0);
    const rejected: CsvProblem[] = [];
    let created = 0;
    let updated = 0;
    let done = 0;
    let batch: CsvRow[] = [];

    const flush = async () => {
      while (batch.length > 0) {
        try {
          const result = await importBatch({
            ctx,
            input: { source: values.source, rows: batch.map((entry) => entry.row), dryRun },
          });
          created += result.created;
          updated += result.updated;
          break;
        } catch (error) {
          if (!(error instanceof ValidationError) || error.issues.length === 0) throw error;
          // The batch is all-or-nothing: set the named rows aside and import the rest.
          const bad = new Set<number>();
          for (const issue of error.issues) {
            const match = /^rows\.(\d+)\.?(.*)$/.exec(issue.path);
            const entry = match ? batch[Number(match[1])] : undefined;
            if (!match || !entry) throw error;
            bad.add(Number(match[1]));
            rejected.push({ line: entry.line, field: match[2] || '(row)', message: issue.message });
          }
          batch = batch.filter((_entry, index) => !bad.has(index));
        }
      }
      batch = [];
    };

    for await (const entry of readRows(file, rejected)) {
      const check = schema.safeParse(entry.row);
      if (check.success) batch.push(entry);
      else
        for (const issue of check.error.issues)
          rejected.push({ line: entry.line, field: issue.path.join('.') || '(row)', message: issue.message });
      done++;
      if (batch.length >= MAX_IMPORT_ROWS) await flush();
      bar.update(done, rejected.length);
    }
    await flush();
    bar.stop();

    rejected.sort((a, b) => a.line - b.line);
    const rows = new Set(rejected.map((r) => r.line)).size;
    const problems =
      rejected.length > 0 ? `; ${count(rejected.length, 'problem')} in ${count(rows, 'rejected row')}` : '';
    env.io.out(
      `${dryRun ? 'Dry run: would import' : 'Imported'} ${count(created + updated, one)} (${created} new, ${updated} updated)${problems}.`,
    );
    for (const each of rejected) env.io.out(`  line ${each.line}: ${each.field}: ${each.message}`);
    if (values.rejects) await writeRejects(values.rejects, rejected);
    return rejected.length > 0 ? 1 : 0;
  },
};

async function writeRejects(path: string, rejected: CsvProblem[]): Promise<void> {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const lines = [
    'line,field,reason',
    ...rejected.map((r) => `${r.line},${quote(r.field)},${quote(r.message)}`),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
}

function progressBar(io: CliIo, kind: Kind, total: number) {
  const bar = new SingleBar({
    stream: io.stderr,
    format: ` ${kind} [{bar}] {value}/{total} rows | {rejected} rejected | ETA {eta_formatted}`,
    hideCursor: true,
  });
  if (io.isTty) bar.start(total, 0, { rejected: 0 });
  return {
    update: (done: number, rejected: number) => {
      if (io.isTty) bar.update(done, { rejected });
    },
    stop: () => {
      if (io.isTty) bar.stop();
    },
  };
}
