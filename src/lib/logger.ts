// Structured JSON logs. Secrets are redacted by path wherever they appear.

import { type Logger, pino } from 'pino';

export type { Logger };

const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.accessToken',
  '*.clientSecret',
  '*.signingSecret',
  'config.DATABASE_URL',
  'config.ADMIN_API_TOKEN',
  'config.HUBSPOT_ACCESS_TOKEN',
  'config.HUBSPOT_CLIENT_SECRET',
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'creditline' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const silentLogger: Logger = pino({ level: 'silent' });
