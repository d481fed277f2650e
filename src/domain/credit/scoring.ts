// The explainable credit score: every factor has its inputs, its share of its maximum, and its points.
// Factor maxima are the policy's weights; the score is the points earned as a share of the points
// available, 0–100. Factors without data (no statements, no mapped rating) are left out of both.

import type { CreditPolicy } from '../policy/schema.ts';
import type { AltmanResult } from './altman.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type FactorKey = keyof CreditPolicy['score']['weights'];

/** How each factor reads to a person (Slack card, panel, HubSpot note). */
export const FACTOR_LABELS: Record<FactorKey, string> = {
  paymentBehaviour: 'Payment behaviour (12 months)',
  overdueShare: 'Share of balance overdue',
  utilisation: 'Limit utilisation',
  trend: 'Lateness trend',
  accountAge: 'Account age',
  disputes: 'Open disputes',
  brokenPromises: 'Broken promises to pay',
  altman: 'Altman Z-score',
  externalRating: 'External rating',
};

export interface ScoreInputs {
  /** Amount-weighted average days beyond terms over invoices due in the last 12 months; null: none. */
  avgDaysBeyondTerms: number | null;
  openMinor: bigint;
  overdueMinor: bigint;
  exposureMinor: bigint;
  limitMinor: bigint;
  /** Average days late of invoices due this quarter and the quarter before; null when none. */
  thisQuarterAvgDays: number | null;
  lastQuarterAvgDays: number | null;
  accountAgeDays: number | null;
  openDisputes: number;
  brokenPromises: number;
  altman: Pick<AltmanResult, 'variant' | 'z' | 'zone'> | null;
  externalRating: string | null;
}

export interface ScoreFactor {
  factor: FactorKey;
  inputs: Record<string, string | number | null>;
  /** Share of the factor's maximum earned, 0–1, rounded to 4 places. */
  share: number;
  points: number;
  maxPoints: number;
}

export interface Score {
  score: number;
  factors: ScoreFactor[];
}

/** Days beyond terms at which payment behaviour earns nothing. */
export const BEHAVIOUR_ZERO_DAYS = 60;
/** Utilisation up to this share earns full points, falling to none at 100%. */
export const UTILISATION_FULL_BPS = 5_000;
/** A quarter-on-quarter rise in average days late that earns nothing. */
export const TREND_ZERO_DAYS = 30;
/** Account age that earns full points. */
export const ACCOUNT_AGE_FULL_DAYS = 730;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

function bpsOf(part: bigint, whole: bigint): number {
  return whole > 0n ? Number((part * 10_000n) / whole) : part > 0n ? Number.POSITIVE_INFINITY : 0;
}

function shares(inputs: ScoreInputs, policy: CreditPolicy) {
  const days = inputs.avgDaysBeyondTerms;
  const utilisationBps = bpsOf(inputs.exposureMinor, inputs.limitMinor);
  const trendDelta =
    inputs.thisQuarterAvgDays !== null && inputs.lastQuarterAvgDays !== null
      ? inputs.thisQuarterAvgDays - inputs.lastQuarterAvgDays
      : 0;
  // Own keys only: a rating named like an Object method ("toString") must not find one.
  const ratings = policy.score.externalRatings;
  const ratingBps =
    inputs.externalRating && Object.hasOwn(ratings, inputs.externalRating)
      ? ratings[inputs.externalRating]
      : undefined;
  const altmanShare = { safe: 1, grey: 0.5, distress: 0 } as const;
  return {
    paymentBehaviour: {
      share: days === null ? 1 : 1 - clamp01(days / BEHAVIOUR_ZERO_DAYS),
      inputs: { avgDaysBeyondTerms: days === null ? null : round(days, 2) },
    },
    overdueShare: {
      share: inputs.openMinor > 0n ? 1 - clamp01(Number(inputs.overdueMinor) / Number(inputs.openMinor)) : 1,
      inputs: { overdueMinor: inputs.overdueMinor.toString(), openMinor: inputs.openMinor.toString() },
    },
    utilisation: {
      share:
        utilisationBps <= UTILISATION_FULL_BPS
          ? 1
          : 1 - clamp01((utilisationBps - UTILISATION_FULL_BPS) / (10_000 - UTILISATION_FULL_BPS)),
      inputs: {
        exposureMinor: inputs.exposureMinor.toString(),
        limitMinor: inputs.limitMinor.toString(),
        utilisationBps: Number.isFinite(utilisationBps) ? utilisationBps : null,
      },
    },
    trend: {
      share: 1 - clamp01(trendDelta / TREND_ZERO_DAYS),
      inputs: {
        thisQuarterAvgDays: inputs.thisQuarterAvgDays === null ? null : round(inputs.thisQuarterAvgDays, 2),
        lastQuarterAvgDays: inputs.lastQuarterAvgDays === null ? null : round(inputs.lastQuarterAvgDays, 2),
      },
    },
    accountAge: {
      share: inputs.accountAgeDays === null ? 0 : clamp01(inputs.accountAgeDays / ACCOUNT_AGE_FULL_DAYS),
      inputs: { accountAgeDays: inputs.accountAgeDays },
    },
    disputes: {
      share: clamp01(1 - 0.5 * inputs.openDisputes),
      inputs: { openDisputes: inputs.openDisputes },
    },
    brokenPromises: {
      share: clamp01(1 - inputs.brokenPromises / 3),
      inputs: { brokenPromises: inputs.brokenPromises },
    },
    altman: inputs.altman
      ? {
          share: altmanShare[inputs.altman.zone],
          inputs: { variant: inputs.altman.variant, z: inputs.altman.z, zone: inputs.altman.zone },
        }
      : null,
    externalRating:
      ratingBps === undefined
        ? null
        : { share: ratingBps / 10_000, inputs: { rating: inputs.externalRating } },
  } satisfies Record<FactorKey, { share: number; inputs: ScoreFactor['inputs'] } | null>;
}

export function computeScore(inputs: ScoreInputs, policy: CreditPolicy): Score {
  const weights = policy.score.weights;
  const factors: ScoreFactor[] = [];
  for (const [factor, entry] of Object.entries(shares(inputs, policy)) as [
    FactorKey,
    { share: number; inputs: ScoreFactor['inputs'] } | null,
  ][]) {
    if (!entry) continue;
    const maxPoints = weights[factor];
    const share = round(entry.share, 4);
    factors.push({ factor, inputs: entry.inputs, share, points: round(share * maxPoints, 2), maxPoints });
  }
  const available = factors.reduce((total, factor) => total + factor.maxPoints, 0);
  const earned = factors.reduce((total, factor) => total + factor.points, 0);
  const score = available > 0 ? Math.round((100 * earned) / available) : 100;
  return { score: Math.min(100, Math.max(0, score)), factors };
}

export function riskLevelOf(score: number, thresholds: CreditPolicy['score']['thresholds']): RiskLevel {
  if (score >= thresholds.low) return 'low';
  if (score >= thresholds.medium) return 'medium';
  if (score >= thresholds.high) return 'high';
  return 'critical';
}
