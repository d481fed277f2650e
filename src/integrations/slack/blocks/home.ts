// The App Home tab, per person: customers at risk, overdue invoices with totals, approvals waiting,
// grievances owned.

import { escapeText, scoreText } from './format.ts';
import type { HomeView, KnownBlock } from './kit.ts';
import { approvalsBlocks, grievancesBlocks, type OverdueList, overdueBlocks } from './lists.ts';

export interface HomeData {
  atRisk: readonly { name: string; score: number | null; riskLevel: string | null }[];
  overdue: OverdueList;
  approvals: Parameters<typeof approvalsBlocks>[0];
  grievances: Parameters<typeof grievancesBlocks>[0];
  /** Approvals and grievances of customers the reader may not see: counted, never named. */
  hidden?: { approvals: number; grievances: number };
  updatedAt: string;
}

export function homeView(data: HomeData): HomeView {
  const atRisk: KnownBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: data.atRisk.length
        ? `*Customers at risk*\n${data.atRisk.map((c) => `• *${escapeText(c.name)}* — ${scoreText(c.score, c.riskLevel)}`).join('\n')}`
        : '*Customers at risk*\nNone. :white_check_mark:',
    },
  };
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Creditline' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${data.updatedAt}` }] },
      atRisk,
      { type: 'divider' },
      ...overdueBlocks(data.overdue, 'mine'),
      { type: 'divider' },
      ...approvalsBlocks(data.approvals, data.hidden?.approvals),
      { type: 'divider' },
      ...grievancesBlocks(data.grievances, data.hidden?.grievances),
    ].slice(0, 100),
  };
}
