// Short answers for @mentions and DMs: overdue invoices, approvals, grievances, help.

import { hiddenNote } from './access.ts';
import { daysLateText, escapeText, money, plural } from './format.ts';
import type { KnownBlock } from './kit.ts';

export interface OverdueList {
  invoices: readonly {
    companyName: string;
    number: string;
    balanceMinor: bigint;
    currency: string;
    daysLate: number;
  }[];
  totals: readonly { currency: string; totalMinor: bigint; count: number }[];
  truncated: boolean;
  /** Customers with overdue invoices the reader may not see: counted under the list, never named. */
  hiddenCustomers?: number;
}

export function overdueBlocks(list: OverdueList, scope: 'mine' | 'all'): KnownBlock[] {
  const hidden = hiddenNote(list.hiddenCustomers, 'customer', ' with overdue invoices');
  if (list.invoices.length === 0) {
    const nothing = scope === 'mine' ? 'None of your customers is overdue.' : 'Nothing is overdue.';
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: hidden.length ? `Nothing you can see is overdue.` : `${nothing} :tada:`,
        },
      },
      ...hidden,
    ];
  }
  const totals = list.totals
    .map((t) => `${money(t.totalMinor, t.currency)} (${plural(t.count, 'invoice')})`)
    .join(' · ');
  const lines = list.invoices.map(
    (i) =>
      `• *${escapeText(i.companyName)}* ${escapeText(i.number)} · ${money(i.balanceMinor, i.currency)} · ${daysLateText(i.daysLate)}`,
  );
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Overdue${scope === 'mine' ? ' (your customers)' : ''}:* ${totals}` },
    },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2_900) } },
    ...(list.truncated
      ? [
          {
            type: 'context' as const,
            elements: [{ type: 'mrkdwn' as const, text: 'Showing the oldest 50.' }],
          },
        ]
      : []),
    ...hidden,
  ];
}

export function approvalsBlocks(
  rows: readonly {
    request: { kind: string; amountMinor: bigint | null; currency: string | null; reason: string };
    companyName: string;
  }[],
  hidden = 0,
): KnownBlock[] {
  if (rows.length === 0)
    return [
      { type: 'section', text: { type: 'mrkdwn', text: 'No approvals are waiting for you.' } },
      ...hiddenNote(hidden, 'approval'),
    ];
  const lines = rows.map(({ request, companyName }) => {
    const amount =
      request.amountMinor !== null && request.currency
        ? ` · ${money(request.amountMinor, request.currency.trim())}`
        : '';
    return `• *${escapeText(companyName)}* — ${request.kind.replace(/_/g, ' ')}${amount}: ${escapeText(request.reason)}`;
  });
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Approvals waiting*\n${lines.join('\n')}`.slice(0, 2_900) },
    },
    ...hiddenNote(hidden, 'approval'),
  ];
}

export function grievancesBlocks(
  rows: readonly {
    grievance: { kind: string; title: string; status: string; openedAt: Date };
    companyName: string;
  }[],
  hidden = 0,
): KnownBlock[] {
  if (rows.length === 0)
    return [
      { type: 'section', text: { type: 'mrkdwn', text: 'You have no open grievances.' } },
      ...hiddenNote(hidden, 'grievance'),
    ];
  const lines = rows.map(
    ({ grievance, companyName }) =>
      `• *${escapeText(companyName)}* — ${grievance.kind} (${grievance.status}): ${escapeText(grievance.title)}`,
  );
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Your grievances*\n${lines.join('\n')}`.slice(0, 2_900) },
    },
    ...hiddenNote(hidden, 'grievance'),
  ];
}

export const HELP_TEXT = [
  '*What I understand*',
  '• `status <company or domain>` — the credit card for a customer',
  '• `overdue` — your customers’ overdue invoices; `overdue all` — those of all the customers you may see',
  '• `approvals` — approvals waiting for you',
  '• `grievances` — disputes and complaints you own',
  '• `help` — this list',
  'Also: `/credit <company or domain>` anywhere.',
].join('\n');

export function helpBlocks(unknown?: string): KnownBlock[] {
  return [
    ...(unknown
      ? [
          {
            type: 'section' as const,
            text: {
              type: 'mrkdwn' as const,
              text: `I didn’t understand “${escapeText(unknown.slice(0, 100))}”.`,
            },
          },
        ]
      : []),
    { type: 'section', text: { type: 'mrkdwn', text: HELP_TEXT } },
  ];
}

export function errorBlocks(message: string): KnownBlock[] {
  return [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeText(message)}` } }];
}
