// The app manifest declares what the code uses: every command, shortcut and event a listener handles,
// one URL for everything, and only the scopes those calls need.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../src/integrations/slack/blocks/ids.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
const URL_PATH = '/slack/events';

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

  it('declares the /credit command, both shortcuts and the events the listeners handle', () => {
    expect(manifest.features.slash_commands.map((command: { command: string }) => command.command)).toEqual([
      '/credit',
    ]);
    expect(
      manifest.features.shortcuts.map((s: { callback_id: string; type: string }) => [s.type, s.callback_id]),
    ).toEqual([
      ['global', SHORTCUTS.lookup],
      ['message', SHORTCUTS.grievanceFromMessage],
    ]);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.im',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes in use', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read', // app_mention events
      'channels:history', // replies in grievance threads (message.channels)
      'chat:write', // chat.postMessage, chat.update, chat.postEphemeral
      'commands', // /credit and the shortcuts
      'im:history', // DMs to the bot (message.im)
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });
});
