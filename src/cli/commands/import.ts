import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse';
import { ValidationError } from '../../domain/errors.ts';
import { systemActor } from '../../services/context.ts';
import { importInvoices } from '../../services/imports/import-invoices.ts';
import { importPayments } from '../../services/imports/import-payments.ts';
import { InvoiceRow, MAX_IMPORT_ROWS, PaymentRow } from '../../services/imports/rows.ts';
import type { CliCommand } from '../command.ts';

interface Rejected {
  line: number;
  field: string;
  message: string;
}

const camel = (header: string) =>
  header.trim().replace(/[_\s-]+([a-z0-9])/gi, (_m, next: string) => next.toUpperCase());

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file))
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return Math.max(0, lines - 1);
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
    if ((kind !== 'invoices' && kind !== 'payments') || !file) {
      env.io.err(importCommand.usage);
      return 2;
    }
    const schema = kind === 'invoices' ? InvoiceRow : PaymentRow;
    const importBatch = kind === 'invoices' ? importInvoices : importPayments;
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
    const total = await countLines(file);
    const bar = new SingleBar({
      stream: env.io.stderr,
      format: ` ${kind} [{bar}] {value}/{total} rows | {rejected} rejected | ETA {eta_formatted}`,
      hideCursor: true,
    });
    if (env.io.isTty) bar.start(total, 0, { rejected: 0 });
    const rejected: Rejected[] = [];
    let created = 0;
    let updated = 0;
    let done = 0;
    let batch: { line: number; row: Record<string, string> }[] = [];

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

    const parser = createReadStream(file).pipe(
      parse({
        columns: (headers: string[]) => headers.map(camel),
        info: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
      }),
    );
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const check = schema.safeParse(record);
      if (check.success) batch.push({ line: info.lines, row: record });
      else
        for (const issue of check.error.issues)
          rejected.push({ line: info.lines, field: issue.path.join('.') || '(row)', message: issue.message });
      done++;
      if (batch.length >= MAX_IMPORT_ROWS) await flush();
      if (env.io.isTty) bar.update(done, { rejected: rejected.length });
    }
    await flush();
    if (env.io.isTty) bar.stop();

    rejected.sort((a, b) => a.line - b.line);
    env.io.out(
      `${dryRun ? 'Dry run: would import' : 'Imported'} ${created + updated} ${kind} (${created} new, ${updated} updated); ${rejected.length} problem(s) in ${new Set(rejected.map((r) => r.line)).size} rejected row(s).`,
    );
    for (const problem of rejected)
      env.io.out(`  line ${problem.line}: ${problem.field}: ${problem.message}`);
    if (values.rejects) {
      const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
      const lines = [
        'line,field,reason',
        ...rejected.map((r) => `${r.line},${quote(r.field)},${quote(r.message)}`),
      ];
      await writeFile(values.rejects, `${lines.join('\n')}\n`);
    }
    return rejected.length > 0 ? 1 : 0;
  },
};
