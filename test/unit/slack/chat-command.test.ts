import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../../src/slack/events/chat-command.ts';

describe('parseChatCommand', () => {
  it.each([
    ['<@U123> status Acme Corp', { kind: 'status', query: 'Acme Corp' }],
    ['status acme.com', { kind: 'status', query: 'acme.com' }],
    ['<@U123|creditline> overdue', { kind: 'overdue', scope: 'mine' }],
    ['OVERDUE all', { kind: 'overdue', scope: 'all' }],
    ['approvals', { kind: 'approvals' }],
    ['grievances', { kind: 'grievances' }],
    ['help', { kind: 'help' }],
    ['<@U123>', { kind: 'help' }],
    ['status', { kind: 'help', unknown: 'status' }],
    ['overdue everything', { kind: 'help', unknown: 'overdue everything' }],
    ['what is up', { kind: 'help', unknown: 'what is up' }],
  ])('%s', (text, expected) => {
    expect(parseChatCommand(text)).toEqual(expected);
  });
});
