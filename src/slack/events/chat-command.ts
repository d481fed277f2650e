// The short requests the bot understands in a mention or a DM, parsed and answered. Anything else gets
// the help text, never silence.

import type { AppDeps } from '../../deps.ts';
import type { KnownBlock } from '../../integrations/slack/blocks/kit.ts';
import {
  approvalsBlocks,
  grievancesBlocks,
  helpBlocks,
  overdueBlocks,
} from '../../integrations/slack/blocks/lists.ts';
import { isoDate } from '../../lib/dates.ts';
import { approvalsFor, grievancesFor, overdueInvoices } from '../../services/collections/read/my-work.ts';
import { lookupAnswer } from '../lookup.ts';

export type ChatCommand =
  | { kind: 'status'; query: string }
  | { kind: 'overdue'; scope: 'mine' | 'all' }
  | { kind: 'approvals' }
  | { kind: 'grievances' }
  | { kind: 'help'; unknown?: string };

export function parseChatCommand(text: string): ChatCommand {
  const cleaned = text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const [first = '', ...rest] = cleaned.split(' ');
  const word = first.toLowerCase();
  const tail = rest.join(' ').trim();
  if (word === 'status' && tail) return { kind: 'status', query: tail };
  if (word === 'overdue' && (tail === '' || tail.toLowerCase() === 'all')) {
    return { kind: 'overdue', scope: tail ? 'all' : 'mine' };
  }
  if (word === 'approvals' && !tail) return { kind: 'approvals' };
  if (word === 'grievances' && !tail) return { kind: 'grievances' };
  if (word === 'help' || word === '') return { kind: 'help' };
  return { kind: 'help', unknown: cleaned };
}

export async function answerChat(
  deps: AppDeps,
  userId: string,
  text: string,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const command = parseChatCommand(text);
  const today = isoDate(deps.clock.now());
  switch (command.kind) {
    case 'status':
      return lookupAnswer(deps, userId, command.query);
    case 'overdue': {
      const list = await overdueInvoices(deps.db, command.scope === 'all' ? null : userId, today);
      return { text: 'Overdue invoices', blocks: overdueBlocks(list, command.scope) };
    }
    case 'approvals':
      return { text: 'Approvals waiting', blocks: approvalsBlocks(await approvalsFor(deps.db, userId)) };
    case 'grievances':
      return { text: 'Your grievances', blocks: grievancesBlocks(await grievancesFor(deps.db, userId)) };
    default:
      return { text: 'What I understand', blocks: helpBlocks(command.unknown) };
  }
}
