// Slash commands.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { registerCreditCommand } from './credit.ts';

export function registerCommands(app: App, deps: AppDeps): void {
  registerCreditCommand(app, deps);
}
