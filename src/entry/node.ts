// Node entry: parse config, start the runtime, stop it cleanly on SIGTERM/SIGINT.

import './require-node.ts';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/load.ts';
import { redactConfig } from '../config/redact.ts';
import type { Config } from '../config/schema.ts';
import { AppError } from '../domain/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { startNodeRuntime } from '../runtime/node.ts';

function loadConfigOrExit(): Config {
  // A local .env file, when present, fills variables the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  logger.debug({ config: redactConfig(config) }, 'configuration');
  const runtime = await startNodeRuntime({ config, logger });
  logger.info({ url: runtime.url }, `Creditline is listening on ${runtime.url}`);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const timer = setTimeout(() => {
        logger.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      runtime.shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // A typed error (the database cannot be reached, the data directory is in use) says what to do;
  // its stack would only hide that.
  const detail =
    error instanceof AppError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`Creditline failed to start: ${detail}\n`);
  process.exit(1);
});
