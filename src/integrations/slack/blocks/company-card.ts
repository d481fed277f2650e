// The /credit card: one customer's credit position at a glance, with the actions an account manager
// takes from it.

import { actionValue, escapeText, money, plural, scoreText } from './format.ts';
import { ACTIONS } from './ids.ts';
import { button, type KnownBlock } from './kit.ts';

export interface CardData {
  company: { id: string; name: string; domain: string | null };
  profile?:
    | {
        limitMinor: bigint;
        exposureMinor: bigint;
        availableMinor: bigint;
        currency: string;
        score: number | null;
        riskLevel: string | null;
        blocked: boolean;
      }
    | undefined;
  factors: readonly { name: string; points: number; max?: number }[];
  flags: readonly { code: string; severity: string }[];
  aging: readonly {
    currency: string;
    current: bigint;
    days1to30: bigint;
    days31to60: bigint;
    days61to90: bigint;
    over90: bigint;
  }[];
  promises: readonly { amountMinor: bigint; currency: string; promisedOn: string }[];
  approvals: readonly { kind: string; amountMinor: bigint | null; currency: string | null }[];
  grievances: readonly { kind: string; title: string }[];
  panelUrl?: string | undefined;
}

export function companyCardBlocks(card: CardData): KnownBlock[] {
  const { company, profile } = card;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: company.name.slice(0, 150) } },
  ];
  if (profile) {
    const c = profile.currency.trim();
    blocks.push({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Limit*\n${money(profile.limitMinor, c)}` },
        { type: 'mrkdwn', text: `*Exposure*\n${money(profile.exposureMinor, c)}` },
        {
          type: 'mrkdwn',
          text: `*Available*\n${money(profile.availableMinor, c)}${profile.blocked ? ' (blocked)' : ''}`,
        },
        { type: 'mrkdwn', text: `*Score*\n${scoreText(profile.score, profile.riskLevel)}` },
      ],
    });
  } else {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No credit profile yet._' } });
  }
  if (card.factors.length) {
    const factors = card.factors
      .map(
        (factor) =>
          `${escapeText(factor.name)} ${factor.points}${factor.max !== undefined ? `/${factor.max}` : ''}`,
      )
      .join(' · ');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Score drivers: ${factors}` }] });
  }
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*Flags:* ${card.flags.length ? card.flags.map((flag) => `\`${flag.code}\``).join(' ') : 'none'}`,
    },
  });
  for (const row of card.aging) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Aging (${row.currency})* current ${money(row.current, row.currency)} · 1–30 ${money(row.days1to30, row.currency)} · 31–60 ${money(row.days31to60, row.currency)} · 61–90 ${money(row.days61to90, row.currency)} · 90+ ${money(row.over90, row.currency)}`,
      },
    });
  }
  const promises = card.promises
    .map((p) => `${money(p.amountMinor, p.currency.trim())} by ${p.promisedOn}`)
    .join(', ');
  const approvals = card.approvals.map((a) => a.kind.replace(/_/g, ' ')).join(', ');
  const grievances = card.grievances.map((g) => `${g.kind}: ${escapeText(g.title)}`).join('; ');
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `Promises: ${promises || 'none'}` },
      { type: 'mrkdwn', text: `Approvals pending: ${approvals || 'none'}` },
      {
        type: 'mrkdwn',
        text: `Grievances: ${grievances || `none open`}${card.grievances.length > 1 ? ` (${plural(card.grievances.length, 'open')})` : ''}`,
      },
    ],
  });
  const value = actionValue({ companyId: company.id });
  blocks.push({
    type: 'actions',
    block_id: `company:${company.id}`,
    elements: [
      button(ACTIONS.requestLimit, 'Request limit increase', value),
      button(ACTIONS.logPromise, 'Log promise to pay', value),
      button(ACTIONS.openGrievance, 'Open grievance', value),
      ...(card.panelUrl
        ? [
            {
              type: 'button' as const,
              action_id: ACTIONS.openPanel,
              text: { type: 'plain_text' as const, text: 'Open panel' },
              url: card.panelUrl,
            },
          ]
        : []),
    ],
  });
  return blocks;
}

export function companyPickerBlocks(
  query: string,
  matches: readonly { id: string; name: string; domain: string | null }[],
): KnownBlock[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `Several customers match “${escapeText(query)}”. Which one?` },
    },
    {
      type: 'actions',
      elements: matches
        .slice(0, 25)
        .map((match, index) =>
          button(
            `${ACTIONS.pickCompany}:${index}`,
            `${match.name}${match.domain ? ` (${match.domain})` : ''}`.slice(0, 75),
            actionValue({ companyId: match.id }),
          ),
        ),
    },
  ];
}
