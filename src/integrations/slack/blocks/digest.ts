// The late-payment digest: one message per account manager per run, grouped by customer, with each
// invoice's amount, days late and stage, the customer's score and flags, and buttons per invoice.
// The same builder redraws a digest in place when an invoice in it is paid.

import { actionValue, daysLateText, escapeText, money, plural, scoreText } from './format.ts';
import { ACTIONS } from './ids.ts';
import { button, type KnownBlock } from './kit.ts';

export interface DigestLine {
  invoiceId: string;
  companyId: string;
  number: string;
  balanceMinor: bigint;
  currency: string;
  daysLate: number;
  stageLabel: string;
  suggestion?: string;
  /** Set once the invoice is paid: the line shows it and loses its buttons. */
  paidOn?: string | null;
  hubspotUrl?: string | null;
}

export interface DigestCustomer {
  companyId: string;
  name: string;
  score: number | null;
  riskLevel: string | null;
  flags: readonly string[];
  lines: readonly DigestLine[];
}

export interface Digest {
  /** Shown above the list when the digest could not reach its account manager. */
  note?: string;
  customers: readonly DigestCustomer[];
}

export const MAX_LINES_PER_MESSAGE = 20;

export function digestText(digest: Digest): string {
  const lines = digest.customers.reduce((total, customer) => total + customer.lines.length, 0);
  return `Late payments: ${plural(lines, 'invoice')} across ${plural(digest.customers.length, 'customer')}`;
}

export function digestBlocks(digest: Digest): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Late payments to follow up' } },
  ];
  if (digest.note)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(digest.note) }] });
  for (const customer of digest.customers) {
    const flags = customer.flags.length ? ` · flags: ${customer.flags.join(', ')}` : '';
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeText(customer.name)}* — ${scoreText(customer.score, customer.riskLevel)}${flags}`,
      },
    });
    for (const line of customer.lines) blocks.push(...lineBlocks(line));
  }
  return blocks;
}

function lineBlocks(line: DigestLine): KnownBlock[] {
  const amount = money(line.balanceMinor, line.currency);
  if (line.paidOn) {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: ~Invoice ${escapeText(line.number)} · ${amount}~ — paid on ${line.paidOn}`,
        },
      },
    ];
  }
  const suggestion = line.suggestion ? `\n_${escapeText(line.suggestion)}_` : '';
  const value = actionValue({ invoiceId: line.invoiceId, companyId: line.companyId });
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Invoice *${escapeText(line.number)}* · ${amount} · ${stageText(line)}${suggestion}`,
      },
    },
    {
      type: 'actions',
      block_id: `invoice:${line.invoiceId}`,
      elements: [
        button(ACTIONS.logPromise, 'Log promise to pay', value),
        button(ACTIONS.snooze, 'Snooze', value),
        button(ACTIONS.markDisputed, 'Mark disputed', value),
        button(ACTIONS.escalate, 'Escalate', value, 'danger'),
        ...(line.hubspotUrl
          ? [
              {
                type: 'button' as const,
                action_id: ACTIONS.openHubspot,
                text: { type: 'plain_text' as const, text: 'Open in HubSpot' },
                url: line.hubspotUrl,
              },
            ]
          : []),
      ],
    },
  ];
}

/** "7 days late", plus the stage's label when it says something else ("Promise to pay broken"). */
function stageText(line: DigestLine): string {
  const days = daysLateText(line.daysLate);
  return line.stageLabel.toLowerCase() === days.toLowerCase()
    ? days
    : `${days} · ${escapeText(line.stageLabel)}`;
}

/** Splits a digest so no message passes Slack's 50-block limit; customers are never split. */
export function chunkDigest(digest: Digest, maxLines = MAX_LINES_PER_MESSAGE): Digest[] {
  const chunks: Digest[] = [];
  let current: DigestCustomer[] = [];
  let count = 0;
  const flush = () => {
    if (current.length) chunks.push({ ...(digest.note ? { note: digest.note } : {}), customers: current });
    current = [];
    count = 0;
  };
  for (const customer of digest.customers) {
    for (let start = 0; start < customer.lines.length; start += maxLines) {
      const lines = customer.lines.slice(start, start + maxLines);
      if (count + lines.length > maxLines) flush();
      current.push({ ...customer, lines });
      count += lines.length;
    }
  }
  flush();
  return chunks;
}
