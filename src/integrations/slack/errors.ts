// Errors the Slack adapter raises. Callers branch on the class and its fields, never on message text.

import { UpstreamError } from '../../domain/errors.ts';
import { scopeFix } from './scopes.ts';

/**
 * Slack refused a method because the bot token lacks a scope (`missing_scope`). Every later call of the
 * same method fails the same way until the app is reinstalled with the scope, so callers stop asking.
 */
export class SlackMissingScopeError extends UpstreamError {
  constructor(
    readonly method: string,
    /** The scope(s) Slack says the method needs, as Slack lists them (comma-separated when several). */
    readonly needed: string,
    /** The scopes the token has, as Slack lists them. */
    readonly provided: string[],
  ) {
    super(`Slack ${method} needs the "${needed}" scope, which the bot token lacks: ${scopeFix(needed)}`, {
      method,
      needed,
      provided,
    });
  }

  /** The fix in one sentence, e.g. `add "users:read.email" under oauth_config.scopes.bot …`. */
  get fix(): string {
    return scopeFix(this.needed);
  }
}
