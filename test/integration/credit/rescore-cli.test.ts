import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.ts';
import { runCli } from '../../../src/cli/main.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'creditline-rescore-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    isTty: false,
    stderr: process.stderr,
  };
  return { io, out, err };
}

describe('creditline rescore', () => {
  it('rescores the whole portfolio (the demo seed already scored it), then finds nothing changed', async () => {
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    expect(await runCli(['seed-demo'], env, captureIo().io)).toBe(0);
    const first = captureIo();
    expect(await runCli(['rescore'], env, first.io)).toBe(0);
    expect(first.out[0]).toMatch(
      /^Rescored 50 companies in [\d.]+ s \(\d+ profiles? changed, \d+ flags? raised, \d+ cleared\)\.$/,
    );
    // The demo's AUD customers have no rate on purpose: the summary says so and how to set one.
    expect(first.out[1]).toMatch(/^No exchange rate to USD for AUD: .*fxRates in the credit policy/);
    const second = captureIo();
    expect(await runCli(['rescore'], env, second.io)).toBe(0);
    expect(second.out.join('\n')).toMatch(/\(0 profiles changed, 0 flags raised, 0 cleared\)/);
  });

  it('names the companies it does not know and recomputes nothing', async () => {
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const run = captureIo();
    expect(await runCli(['rescore', '--company', unknownId], env, run.io)).toBe(1);
    expect(run.err).toEqual([`No company has the id ${unknownId}. Nothing was recomputed.`]);
    expect(run.out).toEqual([]);
    const bad = captureIo();
    expect(await runCli(['rescore', '--company', 'acme', '--company', unknownId], env, bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/^Not a company id: acme\. --company takes the id/);
  });
});
