import { type Config, SECRET_KEYS } from './schema.ts';

/** A copy of the config safe to log: secrets replaced, the rest unchanged. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (copy[key] !== undefined) copy[key] = '[redacted]';
  return copy;
}
