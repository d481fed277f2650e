// A CLI environment over a test database that collects what a command prints.

import type { CliEnv } from '../../src/cli/command.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Database } from '../../src/db/types.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { systemActor } from '../../src/services/context.ts';

export function testCliEnv(database: Database, config: Config, lines: string[] = []): CliEnv {
  const clock = new ManualClock('2026-11-26T12:00:00Z');
  return {
    config,
    logger: silentLogger,
    clock,
    io: {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
      isTty: false,
      stderr: process.stderr,
    },
    database: async () => database,
    context: async (now) => ({
      db: database.db,
      config,
      logger: silentLogger,
      actor: systemActor('cli'),
      now: now ?? clock.now(),
      clock,
    }),
  };
}
