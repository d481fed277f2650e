import { describe, expect, it } from 'vitest';
import { ConfigError, enabledIntegrations, loadConfig } from '../../../src/config/load.ts';
import { redactConfig } from '../../../src/config/redact.ts';

describe('loadConfig', () => {
  it('starts with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./.data');
    // Unset: the policy takes the HubSpot portal's company currency, else USD.
    expect(config.BASE_CURRENCY).toBeUndefined();
    expect(enabledIntegrations(config)).toEqual({ hubspot: false, slack: false });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SLACK_BOT_TOKEN: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every problem in one error and never echoes a value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        BASE_CURRENCY: 'dollars',
        DATABASE_URL: 'mysql://secret-host/db',
        SLACK_BOT_TOKEN: 'xoxp-secret-user-token',
        ADMIN_API_TOKEN: 'short',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'BASE_CURRENCY',
      'DATABASE_URL',
      'SLACK_BOT_TOKEN',
      'ADMIN_API_TOKEN',
      'SLACK_SIGNING_SECRET',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).not.toContain('secret');
  });

  it('switches integrations on when their variables are set', () => {
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-123',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'abc',
    });
    expect(enabledIntegrations(config)).toEqual({ hubspot: true, slack: true });
  });

  it('redacts secrets for logging', () => {
    const config = loadConfig({
      ADMIN_API_TOKEN: 'a-very-long-admin-token',
      DATABASE_URL: 'postgres://u:pw@h/db',
    });
    const safe = redactConfig(config);
    expect(safe.ADMIN_API_TOKEN).toBe('[redacted]');
    expect(safe.DATABASE_URL).toBe('[redacted]');
    expect(JSON.stringify(safe)).not.toContain('pw@');
    expect(safe.PORT).toBe(3000);
  });
});
