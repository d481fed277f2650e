// A fully configured installation for doctor tests: Slack (the strict fake), HubSpot settings, a credit
// channel the bot is in, every owner matched, a recent webhook, and a HubSpot probe that is content.

import type { CliCommand } from '../../src/cli/command.ts';
import { createDoctorCommand } from '../../src/cli/commands/doctor.ts';
import type { Config } from '../../src/config/schema.ts';
import { inbox } from '../../src/db/schema/index.ts';
import { HUBSPOT_REQUIRED_SCOPES } from '../../src/services/doctor/hubspot-checks.ts';
import type { HubspotDoctorProbe } from '../../src/services/doctor/hubspot-probe.ts';
import type { SlackFake } from '../msw/slack.ts';
import { CREDIT_CHANNEL, insertOwner, savePolicy } from './collections.ts';
import type { TestDatabase } from './db.ts';
import { slackConfig } from './slack-app.ts';

export const HUBSPOT_SETTINGS = {
  HUBSPOT_ACCESS_TOKEN: 'pat-test-doctor',
  HUBSPOT_CLIENT_SECRET: 'hubspot-client-secret',
  HUBSPOT_API_BASE_URL: 'https://hubspot.doctor.test',
};

export function fullConfig(overrides: Record<string, string> = {}): Config {
  return slackConfig({ ...HUBSPOT_SETTINGS, ...overrides });
}

/** A probe answering as a healthy portal would; override any answer. */
export function fakeProbe(overrides: Partial<HubspotDoctorProbe> = {}): HubspotDoctorProbe {
  return {
    accessTokenInfo: async () => ({ valid: true, scopes: [...HUBSPOT_REQUIRED_SCOPES] }),
    companyCurrency: async () => 'USD',
    rateLimit: async () => ({ max: 190, intervalMs: 10_000 }),
    creditPropertyGroups: async () => ({ companies: true, deals: true }),
    ...overrides,
  };
}

/** Everything the doctor looks at, in order: policy, channel, owners, a webhook received `at`. */
export async function configureInstall(database: TestDatabase, fake: SlackFake, at: Date): Promise<void> {
  await savePolicy(database.db);
  fake.channels.set(CREDIT_CHANNEL, { name: 'credit-team', isPrivate: false, botIsMember: true });
  await insertOwner(database.db);
  await database.db.insert(inbox).values({
    source: 'hubspot',
    key: `doctor-${at.getTime()}`,
    payload: {},
    receivedAt: new Date(at.getTime() - 3_600_000),
  });
}

/** The doctor command over the test database (kept open), with `probe` for HubSpot. */
export function doctorOver(database: TestDatabase, probe: HubspotDoctorProbe | undefined): CliCommand {
  return createDoctorCommand({
    open: async () => ({ ...database, close: async () => {} }),
    hubspotProbe: () => probe,
  });
}
