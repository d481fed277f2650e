// Slack: the token works (auth.test), carries every scope the app uses (its x-oauth-scopes header
// against the scope table), the credit channel exists with the bot in it, and how many account
// managers have no Slack user.

import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Config } from '../../config/schema.ts';
import { creditPolicies, owners } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { SlackCallOptions } from '../../integrations/slack/api-call.ts';
import { SlackMissingScopeError } from '../../integrations/slack/errors.ts';
import { featuresNeeding, requiredBotScopes, scopeFix } from '../../integrations/slack/scopes.ts';
import { slackChannelState, slackIdentity } from '../../integrations/slack/workspace.ts';
import { policyFromRow } from '../policy/current.ts';
import { withDeadline } from './deadline.ts';
import { type DoctorCheck, error, ok, reason, warning } from './report.ts';

const TOKEN_FIX = 'copy OAuth & Permissions → Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN and restart';

export async function slackChecks(config: Config, db: Db | null, timeoutMs: number): Promise<DoctorCheck[]> {
  const token = config.SLACK_BOT_TOKEN;
  if (!token || !config.SLACK_SIGNING_SECRET) return [];
  // One short retry at most: the doctor answers a person, and a hang is cut off by the deadline.
  const options: SlackCallOptions = { apiUrl: config.SLACK_API_URL, token, timeoutMs, maxRetries: 1 };
  const checks: DoctorCheck[] = [];
  const apiWorks = await identityAndScopes(options, timeoutMs, checks);
  if (db) {
    if (apiWorks) checks.push(await creditChannel(options, db, timeoutMs));
    checks.push(await ownersWithoutSlack(db));
  }
  return checks;
}

async function identityAndScopes(
  options: SlackCallOptions,
  timeoutMs: number,
  checks: DoctorCheck[],
): Promise<boolean> {
  let identity: Awaited<ReturnType<typeof slackIdentity>>;
  try {
    identity = await withDeadline(slackIdentity(options), timeoutMs * 2, 'Slack auth.test');
  } catch (thrown) {
    checks.push(
      error(
        'slack',
        'slack.auth',
        `Slack did not answer auth.test: ${reason(thrown)}`,
        `check that ${options.apiUrl} is reachable from this host, then run the doctor again`,
      ),
    );
    return false;
  }
  if (!identity.ok) {
    checks.push(error('slack', 'slack.auth', `Slack refused the bot token (${identity.error})`, TOKEN_FIX));
    return false;
  }
  checks.push(
    ok(
      'slack',
      'slack.auth',
      `the bot token works: ${identity.botUserId ?? 'the bot'} in ${identity.team ?? 'the workspace'}`,
    ),
  );
  const needed = requiredBotScopes();
  if (identity.grantedScopes === null) {
    checks.push(
      warning(
        'slack',
        'slack.scope',
        'Slack did not list the token’s scopes (no x-oauth-scopes header), so they were not compared',
        `make sure the app has every bot scope in manifest.json: ${needed.join(', ')}`,
      ),
    );
    return true;
  }
  const granted = new Set(identity.grantedScopes);
  const missing = needed.filter((scope) => !granted.has(scope));
  for (const scope of missing) {
    checks.push(
      error(
        'slack',
        'slack.scope',
        `the bot token lacks "${scope}", needed for ${featuresNeeding(scope).join('; ')}`,
        scopeFix(scope),
      ),
    );
  }
  if (missing.length === 0) {
    checks.push(ok('slack', 'slack.scope', `the bot token has all ${needed.length} scopes the app uses`));
  }
  return true;
}

async function creditChannel(options: SlackCallOptions, db: Db, timeoutMs: number): Promise<DoctorCheck> {
  const channel = await creditChannelId(db);
  if (!channel) {
    return warning(
      'slack',
      'slack.credit_channel',
      'the policy names no credit channel: escalations, dispute threads and digests of account managers without a Slack user have nowhere to go',
      'invite @Creditline to the credit team’s channel and put its id (C…) in the policy’s dunning.creditChannel (PUT /api/v1/policy)',
    );
  }
  const invite = `type \`/invite @Creditline\` in that channel, and check dunning.creditChannel in the policy`;
  let state: Awaited<ReturnType<typeof slackChannelState>>;
  try {
    state = await withDeadline(
      slackChannelState(options, channel),
      timeoutMs * 2,
      'Slack conversations.info',
    );
  } catch (thrown) {
    if (thrown instanceof SlackMissingScopeError) {
      return error(
        'slack',
        'slack.credit_channel',
        `the credit channel ${channel} could not be checked: the bot token lacks "${thrown.needed}"`,
        thrown.fix,
      );
    }
    return error(
      'slack',
      'slack.credit_channel',
      `the credit channel ${channel} could not be checked: ${reason(thrown)}`,
      'run the doctor again once Slack answers',
    );
  }
  if (!state.found) {
    return error(
      'slack',
      'slack.credit_channel',
      `the credit channel ${channel} was not found (${state.error}); a private channel stays hidden until the bot is invited`,
      invite,
    );
  }
  const name = state.name ? `#${state.name} (${channel})` : channel;
  if (state.isArchived) {
    return error(
      'slack',
      'slack.credit_channel',
      `the credit channel ${name} is archived`,
      'pick a live channel, invite @Creditline there and put its id in the policy’s dunning.creditChannel',
    );
  }
  if (!state.botIsMember) {
    return error(
      'slack',
      'slack.credit_channel',
      `the bot is not a member of the credit channel ${name}: posts there fail with not_in_channel`,
      `type \`/invite @Creditline\` in ${name}`,
    );
  }
  return ok('slack', 'slack.credit_channel', `the credit channel ${name} exists and the bot is a member`);
}

/** Read-only: the doctor never stores the default policy the way the first verb does. */
async function creditChannelId(db: Db): Promise<string | undefined> {
  const [row] = await db.select().from(creditPolicies).orderBy(desc(creditPolicies.version)).limit(1);
  return row ? policyFromRow(row).policy.dunning.creditChannel : undefined;
}

async function ownersWithoutSlack(db: Db): Promise<DoctorCheck> {
  const [all] = await db.select({ n: count() }).from(owners).where(eq(owners.archived, false));
  const [unmatched] = await db
    .select({ n: count() })
    .from(owners)
    .where(and(eq(owners.archived, false), isNull(owners.slackUserId)));
  const total = all?.n ?? 0;
  const without = unmatched?.n ?? 0;
  if (total === 0) return ok('slack', 'slack.owners', 'no HubSpot owners synced yet');
  if (without === 0) return ok('slack', 'slack.owners', `all ${total} account managers have a Slack user`);
  return warning(
    'slack',
    'slack.owners',
    `${without} of ${total} account managers have no Slack user: their digests go to the credit channel`,
    'give them the same email in HubSpot and Slack (looked up on each sync) or set one with PUT /api/v1/owners/:id/slack-user',
  );
}
