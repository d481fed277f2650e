// Reading a bookkeeping CSV for `creditline import`: the header checked against the row schema before
// any row is read, and every problem the parser meets (a quote never closed, a row with more fields
// than the header) reported with its line, like a row that fails validation.

import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { z } from 'zod';

export interface CsvProblem {
  line: number;
  field: string;
  message: string;
}

export interface CsvRow {
  line: number;
  row: Record<string, string>;
}

/** A header cell as the schema names it: `issued_on`, `Issued On` and `issuedOn` are one column. */
export const camel = (header: string) =>
  header.trim().replace(/[_\s-]+([a-z0-9])/gi, (_m, next: string) => next.toUpperCase());

/** How a column is written in a file: `issuedOn` → `issued_on`. */
export const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export interface ColumnCheck {
  unknown: string[];
  missing: string[];
  known: string[];
  required: string[];
}

/** Compares a file's header with the columns of a row schema (an object, possibly with a transform). */
export function checkColumns(headers: string[], schema: z.ZodType): ColumnCheck {
  const shape = objectShape(schema);
  const known = Object.keys(shape);
  const required = known.filter((key) => !shape[key]?.safeParse(undefined).success);
  const present = new Set(headers.map(camel));
  return {
    unknown: headers.filter((header) => !known.includes(camel(header))),
    missing: required.filter((key) => !present.has(key)).map(snake),
    known: known.map(snake),
    required: required.map(snake),
  };
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = schema.def as { shape?: Record<string, z.ZodType>; in?: z.ZodType };
  if (def.shape) return def.shape;
  return def.in ? objectShape(def.in) : {};
}

/** The header row, or undefined for an empty file. */
export async function readHeader(file: string): Promise<string[] | undefined> {
  const parser = createReadStream(file).pipe(parse({ to_line: 1, bom: true, relax_quotes: true }));
  for await (const record of parser as AsyncIterable<string[]>) return record.map((cell) => cell.trim());
  return undefined;
}

/**
 * The file's records with their line numbers. A record the parser cannot read is added to `problems`
 * and skipped; a quote that is never closed swallows the rest of the file, and says so.
 */
export async function* readRows(file: string, problems: CsvProblem[]): AsyncGenerator<CsvRow> {
  let lastLine = 1;
  const parser = createReadStream(file).pipe(
    parse({
      columns: (headers: string[]) => headers.map(camel),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      skip_records_with_error: true,
      on_skip: (error: { code?: string; lines?: number; message: string } | undefined) => {
        if (!error) return;
        problems.push(describeParseError(error, lastLine + 1));
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    lastLine = info.lines;
    yield { line: info.lines, row: record };
  }
}

function describeParseError(
  error: { code?: string; lines?: number; message: string },
  from: number,
): CsvProblem {
  const line = error.lines ?? from;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return {
      line: from,
      field: '(file)',
      message: `a quoted field opened here is never closed, so lines ${from}–${line} were not imported; close the quote (a quote inside a value is written "")`,
    };
  }
  const counts = /columns length is (\d+), got (\d+)/.exec(error.message);
  if (counts) {
    return {
      line,
      field: '(row)',
      message: `has ${counts[2]} fields where the header has ${counts[1]} (a value with a comma must be in quotes)`,
    };
  }
  // csv-parse ends its messages with the line, which the report already shows.
  const text = error.message.replace(/:?\s*(on|at) line \d+.*$/, '').replace(/^[^:]+: /, '');
  return { line, field: '(row)', message: text || error.message };
}
