// `creditline <command>`: parses config like the service does, runs one command, closes the database.

import { ConfigError, loadConfig } from '../config/load.ts';
import { openCommandDatabase } from '../db/open.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../domain/errors.ts';
import { systemClock } from '../lib/clock.ts';
import { createLogger } from '../lib/logger.ts';
import { systemActor } from '../services/context.ts';
import type { CliEnv, CliIo } from './command.ts';
import { commands } from './commands/index.ts';

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out('Usage: creditline <command> [options]\n');
    for (const command of commands) io.out(`  ${command.name.padEnd(12)} ${command.summary}`);
    io.out('\nRun `creditline <command> --help` for a command’s options.');
    return name ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Run \`creditline help\`.`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  let database: Database | undefined;
  try {
    // The CLI talks to people: logs go to stderr at warn unless LOG_LEVEL says otherwise.
    const config = loadConfig({ LOG_LEVEL: 'warn', ...env });
    const cliEnv: CliEnv = {
      config,
      logger: createLogger(config.LOG_LEVEL, process.stderr),
      clock: systemClock,
      io,
      async database() {
        if (!database) {
          // With the service running on the embedded database this goes through the service.
          database = await openCommandDatabase({
            url: config.DATABASE_URL,
            dataDir: config.DATA_DIR,
            now: this.clock.now(),
            command: ['creditline', name, ...args.slice(0, 1).filter((arg) => !arg.startsWith('-'))].join(
              ' ',
            ),
          });
          await database.migrate();
        }
        return database;
      },
      async context(now) {
        const { db } = await this.database();
        return {
          db,
          config,
          logger: this.logger,
          actor: systemActor('cli'),
          now: now ?? this.clock.now(),
          clock: this.clock,
        };
      },
    };
    return await command.run(args, cliEnv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AppError) {
      io.err(error.message);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  } finally {
    await database?.close();
  }
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stderr.isTTY),
  stderr: process.stderr,
};
