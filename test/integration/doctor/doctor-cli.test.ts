// `creditline doctor` against a real database and the strict Slack fake: a workspace missing
// users:read.email is named with the manifest line to add and fails the command; a fully configured
// install passes every check.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDoctorCommand } from '../../../src/cli/commands/doctor.ts';
import { commands } from '../../../src/cli/commands/index.ts';
import { owners } from '../../../src/db/schema/index.ts';
import { MANIFEST_BOT_SCOPES } from '../../msw/slack.ts';
import { testCliEnv } from '../../support/cli.ts';
import { CREDIT_CHANNEL, insertOwner, savePolicy } from '../../support/collections.ts';
import {
  configureInstall,
  doctorOver,
  fakeProbe,
  fullConfig,
  HUBSPOT_SETTINGS,
} from '../../support/doctor.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness({ config: HUBSPOT_SETTINGS });
  await configureInstall(h.database, h.fake, h.clock.now());
});
afterAll(async () => h?.close());
beforeEach(() => {
  h.fake.scopes = [...MANIFEST_BOT_SCOPES];
  h.fake.channels.set(CREDIT_CHANNEL, { name: 'credit-team', isPrivate: false, botIsMember: true });
  h.fake.reset();
});

async function doctor(args: string[] = []) {
  const lines: string[] = [];
  const code = await doctorOver(h.database, fakeProbe()).run(args, testCliEnv(h.database, h.config, lines));
  return { code, lines };
}

describe('creditline doctor', () => {
  it('is a registered command', () => {
    expect(commands.map((command) => command.name)).toContain('doctor');
  });

  it('passes every check on a fully configured install and exits 0', async () => {
    const { code, lines } = await doctor();
    const checks = lines.filter((line) => /^(ok|warning|error) /.test(line));
    expect(checks.length).toBeGreaterThan(12);
    expect(checks.filter((line) => !line.startsWith('ok '))).toEqual([]);
    expect(lines.at(-1)).toBe('Everything checked is in order.');
    expect(code).toBe(0);
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
    expect(h.fake.callsTo('conversations.info')[0]?.args.channel).toBe(CREDIT_CHANNEL);
  });

  it('names users:read.email and the manifest line when the workspace lacks it, and exits 1', async () => {
    h.fake.scopes = MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'users:read.email');
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    const errors = lines.filter((line) => line.startsWith('error'));
    expect(errors).toEqual([
      'error    slack     the bot token lacks "users:read.email", needed for matching HubSpot owners to Slack users by email — add "users:read.email" under oauth_config.scopes.bot in manifest.json and reinstall the app',
    ]);
    expect(lines.at(-1)).toBe(
      '1 error, 0 warnings: fix the errors above and run `npx creditline doctor` again.',
    );
  });

  it('reports the credit channel the bot cannot see, with the invite as the fix', async () => {
    h.fake.channels.set(CREDIT_CHANNEL, { name: 'credit-team', isPrivate: true, botIsMember: false });
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(lines.find((line) => line.includes('credit channel'))).toMatch(
      /^error +slack +the credit channel CCREDIT01 was not found \(channel_not_found\).*— type `\/invite @Creditline` in that channel/,
    );
  });

  it('reports a public credit channel the bot is not in', async () => {
    h.fake.channels.set(CREDIT_CHANNEL, { name: 'credit-team', isPrivate: false, botIsMember: false });
    const { lines } = await doctor();
    expect(lines.find((line) => line.includes('credit channel'))).toMatch(
      /^error +slack +the bot is not a member of the credit channel #credit-team \(CCREDIT01\)/,
    );
  });

  it('checks a private credit channel with groups:read, and says so when the token lacks it', async () => {
    h.fake.channels.set(CREDIT_CHANNEL, { name: 'credit-private', isPrivate: true, botIsMember: true });
    const fine = await doctor();
    expect(fine.lines.find((line) => line.includes('credit channel'))).toMatch(
      /^ok +slack +the credit channel #credit-private \(CCREDIT01\) exists and the bot is a member$/,
    );
    h.fake.scopes = MANIFEST_BOT_SCOPES.filter((scope) => scope !== 'groups:read');
    const { lines } = await doctor();
    const fix = 'add "groups:read" under oauth_config.scopes.bot in manifest.json and reinstall the app';
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([
      `error    slack     the bot token lacks "groups:read", needed for checking the credit channel and that the bot is in it — ${fix}`,
      `error    slack     the credit channel CCREDIT01 could not be checked: the bot token lacks "groups:read" — ${fix}`,
    ]);
  });

  it('refuses a revoked token in one line and skips the calls that need it', async () => {
    h.fake.failNext('auth.test', { status: 200, body: { ok: false, error: 'token_revoked' } });
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(lines.find((line) => line.includes('auth') || line.includes('token_revoked'))).toMatch(
      /^error +slack +Slack refused the bot token \(token_revoked\) — copy OAuth & Permissions/,
    );
    expect(h.fake.callsTo('conversations.info')).toHaveLength(0);
  });

  it('warns about account managers without a Slack user and a policy without a credit channel', async () => {
    const unmatched = await insertOwner(h.database.db, { slackUserId: null });
    await savePolicy(h.database.db, { creditChannel: undefined });
    try {
      const { code, lines } = await doctor();
      expect(code).toBe(0);
      expect(lines.filter((line) => line.startsWith('warning'))).toEqual([
        expect.stringMatching(/^warning +slack +the policy names no credit channel/),
        expect.stringMatching(
          /^warning +slack +1 of 2 account managers have no Slack user: their digests go to the credit channel — /,
        ),
      ]);
      expect(lines.at(-1)).toBe('No errors, 2 warnings.');
    } finally {
      await h.database.db.delete(owners).where(eq(owners.id, unmatched.id));
      await savePolicy(h.database.db);
    }
  });

  it('prints the report as JSON with --json', async () => {
    const { code, lines } = await doctor(['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(lines.join('\n'));
    expect(report).toMatchObject({ status: 'ok', errors: 0, warnings: 0 });
    expect(report.checks.map((check: { check: string }) => check.check)).toEqual(
      expect.arrayContaining([
        'slack.scope',
        'slack.credit_channel',
        'outbox.dead',
        'hubspot.webhooks',
        'hubspot.token',
      ]),
    );
  });

  it('opens the configured database without migrating it, and prints what the open threw', async () => {
    const config = fullConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/creditline_nowhere' });
    const lines: string[] = [];
    const command = createDoctorCommand({ hubspotProbe: () => fakeProbe() });
    const code = await command.run([], testCliEnv(h.database, config, lines));
    expect(code).toBe(1);
    expect(lines.find((line) => line.includes(' database '))).toMatch(
      /^error +database +the database did not answer: .*ECONNREFUSED.* — check DATABASE_URL and that the PostgreSQL server accepts connections/,
    );
    // Without a database the checks that read it are left out; Slack is still asked.
    expect(lines.some((line) => line.includes('outbox'))).toBe(false);
    expect(
      lines.find((line) => line.includes('slack.scope') || line.includes('scopes the app uses')),
    ).toMatch(/^ok/);
  });
});
