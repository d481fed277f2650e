// Every Slack Web API method the code calls and every event it subscribes to, with the bot scope each
// needs (as Slack documents it). manifest.json asks for exactly these scopes and events (a unit test
// keeps them equal), and the doctor compares a token's granted scopes with them.

export type SlackScope =
  | 'app_mentions:read'
  | 'channels:history'
  | 'channels:read'
  | 'chat:write'
  | 'commands'
  | 'groups:history'
  | 'groups:read'
  | 'im:history'
  | 'users:read'
  | 'users:read.email';

interface Need {
  /** Every scope listed is needed (Slack answers `missing_scope` without one of them). */
  scopes: readonly SlackScope[];
  /** The feature that makes the call: what stops working without the scope. */
  feature: string;
}

/** Web API methods, by the name Slack gives them. */
export const SLACK_METHODS = {
  'auth.test': { scopes: [], feature: 'checking the token and its scopes' },
  'chat.postMessage': { scopes: ['chat:write'], feature: 'digests, escalations and grievance threads' },
  'chat.update': { scopes: ['chat:write'], feature: 'digests redrawn when invoices are paid' },
  'chat.postEphemeral': { scopes: ['chat:write'], feature: 'answers to @Creditline and confirmations' },
  // Public credit channels need channels:read, private ones groups:read.
  'conversations.info': {
    scopes: ['channels:read', 'groups:read'],
    feature: 'checking the credit channel and that the bot is in it',
  },
  // users:read.email is granted only together with users:read.
  'users.lookupByEmail': {
    scopes: ['users:read', 'users:read.email'],
    feature: 'matching HubSpot owners to Slack users by email',
  },
  'views.open': { scopes: [], feature: 'modals' },
  'views.push': { scopes: [], feature: 'modals' },
  'views.update': { scopes: [], feature: 'modals' },
  'views.publish': { scopes: [], feature: 'the App Home tab' },
} as const satisfies Record<string, Need>;

/** Events API subscriptions (manifest `settings.event_subscriptions.bot_events`). */
export const SLACK_EVENTS = {
  app_home_opened: { scopes: [], feature: 'the App Home tab' },
  app_mention: { scopes: ['app_mentions:read'], feature: '@Creditline in a channel' },
  'message.im': { scopes: ['im:history'], feature: 'DMs to the bot' },
  'message.channels': { scopes: ['channels:history'], feature: 'replies in grievance threads (public)' },
  'message.groups': { scopes: ['groups:history'], feature: 'replies in grievance threads (private)' },
} as const satisfies Record<string, Need>;

/** Manifest features that need a scope of their own. */
export const SLACK_FEATURES = {
  slash_commands: { scopes: ['commands'], feature: '/credit' },
  shortcuts: { scopes: ['commands'], feature: 'the Credit lookup and Open grievance shortcuts' },
} as const satisfies Record<string, Need>;

export type SlackMethod = keyof typeof SLACK_METHODS;
export type SlackEvent = keyof typeof SLACK_EVENTS;

const everyNeed: readonly Need[] = [
  ...Object.values(SLACK_METHODS),
  ...Object.values(SLACK_EVENTS),
  ...Object.values(SLACK_FEATURES),
];

/** The bot scopes the app needs, sorted: what manifest.json must list. */
export function requiredBotScopes(): SlackScope[] {
  return [...new Set(everyNeed.flatMap((need) => need.scopes))].sort();
}

/** The bot events the app handles, sorted: what manifest.json must subscribe to. */
export function requiredBotEvents(): SlackEvent[] {
  return (Object.keys(SLACK_EVENTS) as SlackEvent[]).sort();
}

/** What stops working without `scope`, in words, e.g. "matching HubSpot owners to Slack users by email". */
export function featuresNeeding(scope: string): string[] {
  return [...new Set(everyNeed.filter((need) => need.scopes.some((s) => s === scope)).map((n) => n.feature))];
}

/** The one-sentence fix for a scope the token lacks. */
export function scopeFix(scope: string): string {
  return `add "${scope}" under oauth_config.scopes.bot in manifest.json and reinstall the app`;
}
