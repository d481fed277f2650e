// Small text helpers shared by the Block Kit builders. Slack mrkdwn needs &, < and > escaped.

import { formatMoney } from '../../../domain/money.ts';

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function money(minor: bigint, currency: string): string {
  return formatMoney({ minor, currency });
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function daysLateText(days: number): string {
  if (days < 0) return `due in ${plural(-days, 'day')}`;
  if (days === 0) return 'due today';
  return `${plural(days, 'day')} late`;
}

export function scoreText(score: number | null | undefined, riskLevel: string | null | undefined): string {
  if (score === null || score === undefined) return 'no score yet';
  return `score ${score}${riskLevel ? ` (${riskLevel} risk)` : ''}`;
}

/** Slack caps button values at 2,000 characters and action ids at 255; ours are far below. */
export function actionValue(fields: Record<string, string>): string {
  return JSON.stringify(fields);
}
