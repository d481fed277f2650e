// The shape of a CLI command. Commands parse their own flags with node:util parseArgs and call verbs.

import type { Config } from '../config/schema.ts';
import type { Database } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { ServiceContext } from '../services/context.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress bars draw only there). */
  isTty: boolean;
  stderr: NodeJS.WriteStream;
}

export interface CliEnv {
  config: Config;
  logger: Logger;
  clock: Clock;
  io: CliIo;
  /** Opens (and migrates) the configured database; the runner closes it afterwards. */
  database(): Promise<Database>;
  /** A verb context over that database: the CLI acts as a system actor, at `now` (default: the clock). */
  context(now?: Date): Promise<ServiceContext>;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], env: CliEnv): Promise<number>;
}
