// Global and message shortcuts.

import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps.ts';
import { registerGrievanceFromMessage } from './grievance-from-message.ts';
import { registerLookupShortcut } from './lookup.ts';

export function registerShortcuts(app: App, deps: AppDeps): void {
  registerLookupShortcut(app, deps);
  registerGrievanceFromMessage(app, deps);
}
