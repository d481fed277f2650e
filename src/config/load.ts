// Parses the environment once, at the entry. Errors name every bad variable but never echo values.

import { type Config, configSchema, pairingProblems } from './schema.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  const problems = [
    ...(result.error?.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`) ??
      []),
    ...pairingProblems(env),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** Which optional integrations are switched on, for the start log and for wiring. */
export function enabledIntegrations(config: Config): { hubspot: boolean; slack: boolean } {
  return {
    hubspot: Boolean(config.HUBSPOT_ACCESS_TOKEN),
    slack: Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET),
  };
}
