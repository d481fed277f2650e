// A DATABASE_URL that cannot work gets one message that says what to do, from the service and the
// CLI alike, checked against the real PostgreSQL server at 127.0.0.1:5432.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.ts';
import { runCli } from '../../../src/cli/main.ts';
import { DatabaseConnectionError } from '../../../src/db/connection-errors.ts';
import { openCheckedPostgres } from '../../../src/db/open.ts';

const SERVER = '127.0.0.1:5432';
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A port nothing listens on: the OS hands out a free one, which is then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

async function failure(url: string): Promise<DatabaseConnectionError> {
  const error = await openCheckedPostgres(url).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DatabaseConnectionError))
    throw new Error(`expected a connection error, got ${error}`);
  return error;
}

describe('a DATABASE_URL that cannot work', () => {
  it('names a database that does not exist and the command that creates it', async () => {
    const name = `creditline_missing_${unique()}`;
    const error = await failure(`postgres://postgres@${SERVER}/${name}`);
    expect(error.problem).toBe('database_missing');
    expect(error.message).toBe(
      `The database "${name}" does not exist on the PostgreSQL server at ${SERVER}. Create it with\n` +
        `  createdb -h 127.0.0.1 -p 5432 -U postgres ${name}\n` +
        'or fix the database name at the end of DATABASE_URL.',
    );
  });

  it('says nothing listens at a host and port, and how to check', async () => {
    const port = await closedPort();
    const error = await failure(`postgres://postgres@127.0.0.1:${port}/creditline`);
    expect(error.problem).toBe('connection_refused');
    expect(error.message).toMatch(
      new RegExp(
        `^Nothing accepts connections at 127\\.0\\.0\\.1:${port} \\(connection refused\\)\\. Is PostgreSQL running there \\(\`pg_isready -h 127\\.0\\.0\\.1 -p ${port}\`\\)\\?`,
      ),
    );
  });

  it('names a role the server does not know and how to create it', async () => {
    const role = `nobody_${unique()}`;
    const error = await failure(`postgres://${role}:secret-password@${SERVER}/postgres`);
    expect(error.problem).toBe('role_rejected');
    expect(error.message).toContain(`does not let the role "${role}" in (role "${role}" does not exist)`);
    expect(error.message).toContain(`createuser -h 127.0.0.1 -p 5432 -U postgres --login --pwprompt ${role}`);
    expect(error.message).not.toContain('secret-password');
  });

  it('is what the CLI prints, in place of a stack trace', async () => {
    const out: string[] = [];
    const io: CliIo = {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      isTty: false,
      stderr: process.stderr,
    };
    const name = `creditline_missing_${unique()}`;
    const code = await runCli(
      ['migrate'],
      { DATABASE_URL: `postgres://postgres@${SERVER}/${name}`, LOG_LEVEL: 'silent' },
      io,
    );
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(new RegExp(`^The database "${name}" does not exist`));
    expect(out.join('\n')).not.toMatch(/Failed query|\n\s+at /);
  });

  it('is what npm start prints, in place of a stack trace', async () => {
    const name = `creditline_missing_${unique()}`;
    const entry = fileURLToPath(new URL('../../../src/entry/node.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: `postgres://postgres@${SERVER}/${name}`,
        PORT: '0',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^Creditline failed to start: The database "${name}" does not exist`));
    expect(stderr).not.toMatch(/Failed query|\n\s+at /);
  });
});
