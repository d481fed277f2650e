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
import { approvalsList, grievancesList, overdueList } from '../../services/collections/read/work-lists.ts';
import { lookupAnswer } from '../lookup.ts';
import { serviceContextFor } from '../support.ts';

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
  const ctx = serviceContextFor(deps, userId);
  switch (command.kind) {
    case 'status':
      return lookupAnswer(deps, userId, command.query);
    case 'overdue': {
      const list = await overdueList({ ctx, input: { which: command.scope } });
      return { text: 'Overdue invoices', blocks: overdueBlocks(list, command.scope) };
    }
    case 'approvals': {
      const { rows, hidden } = await approvalsList({ ctx });
      return { text: 'Approvals waiting', blocks: approvalsBlocks(rows, hidden) };
    }
    case 'grievances': {
      const { rows, hidden } = await grievancesList({ ctx });
      return { text: 'Your grievances', blocks: grievancesBlocks(rows, hidden) };
    }
    default:
      return { text: 'What I understand', blocks: helpBlocks(command.unknown) };
  }
}
