// The app manifest declares what the code uses: every command, shortcut and event a listener handles,
// one URL for everything, and exactly the scopes the scope table says those calls and events need.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../src/integrations/slack/blocks/ids.ts';
import {
  featuresNeeding,
  requiredBotEvents,
  requiredBotScopes,
  SLACK_EVENTS,
  SLACK_METHODS,
  scopeFix,
} from '../../../src/integrations/slack/scopes.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
const URL_PATH = '/slack/events';
const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every Web API method named in the sources: SDK calls (`client.chat.update(`) and direct calls. */
function methodsCalledInSource(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bclient\.(\w+)\.(\w+)\(/g)) found.add(`${match[1]}.${match[2]}`);
    for (const match of text.matchAll(/callSlack\([^,]+,\s*'([\w.]+)'/g)) found.add(match[1] ?? '');
  }
  return [...found].sort();
}

describe('manifest.json', () => {
  it('points commands, events and interactivity at /slack/events', () => {
    const urls = [
      ...manifest.features.slash_commands.map((command: { url: string }) => command.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(URL_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares the /credit command, both shortcuts and the App Home', () => {
    expect(manifest.features.slash_commands.map((command: { command: string }) => command.command)).toEqual([
      '/credit',
    ]);
    expect(
      manifest.features.shortcuts.map((s: { callback_id: string; type: string }) => [s.type, s.callback_id]),
    ).toEqual([
      ['global', SHORTCUTS.lookup],
      ['message', SHORTCUTS.grievanceFromMessage],
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('subscribes to exactly the events in the scope table, public and private grievance threads included', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(requiredBotEvents());
    expect(requiredBotEvents()).toEqual(
      expect.arrayContaining(['app_mention', 'message.im', 'message.channels', 'message.groups']),
    );
  });

  it('asks for exactly the bot scopes the table needs, in both directions', () => {
    const declared: string[] = [...manifest.oauth_config.scopes.bot].sort();
    const needed: string[] = requiredBotScopes();
    expect(declared.filter((scope) => !needed.includes(scope))).toEqual([]); // nothing unused
    expect(needed.filter((scope) => !declared.includes(scope))).toEqual([]); // nothing missing
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('knows the scope of every Web API method the code calls', () => {
    const called = methodsCalledInSource();
    // The scan does find calls (a broken pattern would pass vacuously otherwise).
    expect(called).toEqual(
      expect.arrayContaining(['chat.postEphemeral', 'users.lookupByEmail', 'views.open']),
    );
    expect(called.filter((method) => !(method in SLACK_METHODS))).toEqual([]);
  });

  it('needs users:read with users:read.email, and no im:write (DMs are posted to a user id)', () => {
    expect(SLACK_METHODS['users.lookupByEmail'].scopes).toEqual(['users:read', 'users:read.email']);
    expect(requiredBotScopes()).not.toContain('im:write');
    expect(methodsCalledInSource()).not.toContain('conversations.open');
    expect(SLACK_EVENTS['message.groups'].scopes).toEqual(['groups:history']);
  });

  it('names the feature and the manifest line for a scope', () => {
    expect(featuresNeeding('users:read.email')).toEqual(['matching HubSpot owners to Slack users by email']);
    expect(scopeFix('users:read.email')).toBe(
      'add "users:read.email" under oauth_config.scopes.bot in manifest.json and reinstall the app',
    );
  });
});
