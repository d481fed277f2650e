// The credit policy: one validated document, versioned in the database. Everything a credit team tunes
// lives here — terms, default limits, exposure rules, score weights, thresholds, flags, strategies,
// credit checks, the dunning ladder and the approval matrix.

import { z } from 'zod';

/** Minor units in JSON: a decimal string (exact), or a safe integer. Always bigint once parsed. */
export const minorUnits = z
  .union([
    z.string().regex(/^-?\d+$/, 'must be an integer number of minor units'),
    z.bigint(),
    z.number().int(),
  ])
  .transform((value) => BigInt(value));

const nonNegativeMinor = minorUnits.refine((value) => value >= 0n, 'must not be negative');
/** A share in basis points: 10000 = 100%. Integers, so no float enters a money calculation. */
const basisPoints = z.number().int().min(0).max(10_000);
const riskLevel = z.enum(['low', 'medium', 'high', 'critical']);
const strategy = z.enum(['accept', 'monitor', 'exit']);
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const decimalRate = z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive decimal, e.g. "1.0825"');

export const FLAG_CODES = [
  'OVER_LIMIT',
  'NEAR_LIMIT',
  'OVERDUE',
  'SEVERELY_OVERDUE',
  'BROKEN_PROMISE',
  'WORSENING_TREND',
  'DISPUTE_OPEN',
  'REVIEW_OVERDUE',
  'NO_CREDIT_LIMIT',
  'NEW_CUSTOMER',
  'CONCENTRATION',
  'DISTRESS_ZONE',
  /** Some open amounts are in a currency without an exchange rate and are left out of the figures. */
  'FX_RATE_MISSING',
  /** A rate applied (from HubSpot or the demo) is older than the policy's fx.maxRateAgeDays. */
  'FX_RATE_STALE',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export const SLACK_READ_ACCESS = ['owner_credit_team_approvers', 'workspace'] as const;
export type SlackReadAccess = (typeof SLACK_READ_ACCESS)[number];

export const dunningStageSchema = z.object({
  /** Stable key stored with each alert: renaming a stage must not re-alert every invoice. */
  key: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  label: z.string().min(1),
  /** Days relative to the due date: -3 is three days before, 30 is thirty days late. */
  offsetDays: z.number().int().min(-60).max(365),
  notify: z.array(z.enum(['owner', 'credit_channel'])).min(1),
  suggestion: z.string(),
  /** Post to the credit channel and create a HubSpot task with a reminder draft. */
  escalate: z.boolean().default(false),
  /** Agency and legal stages never act alone: they open a pending approval of this kind. */
  approvalKind: z.enum(['collection_agency', 'legal_review']).optional(),
});
export type DunningStage = z.infer<typeof dunningStageSchema>;

export const policySchema = z
  .object({
    baseCurrency: z.string().regex(/^[A-Z]{3}$/),
    /**
     * Units of the base currency per one unit of each other currency. These override the rates read
     * from HubSpot; leave empty to use HubSpot's (or the demo's) dated rates.
     */
    fxRates: z.record(z.string().regex(/^[A-Z]{3}$/), decimalRate),
    fx: z
      .object({
        /** A HubSpot or demo rate older than this many days raises FX_RATE_STALE (policy rates never do). */
        maxRateAgeDays: z.number().int().min(1).max(3_650).default(7),
      })
      .default({ maxRateAgeDays: 7 }),
    terms: z.object({
      defaultDays: z.number().int().min(0).max(365),
    }),
    /** Default limit for a customer with no approved limit, by segment, in the base currency. */
    defaultLimits: z.object({ default: nonNegativeMinor }).catchall(nonNegativeMinor),
    exposure: z.object({
      /** Deal stages that count as committed, with the share of the amount that counts. */
      committedStages: z.array(z.object({ stage: z.string().min(1), weightBps: basisPoints })),
    }),
    score: z.object({
      /** Maximum points of each factor; they need not add to 100 (the score is scaled to 0–100). */
      weights: z.object({
        paymentBehaviour: z.number().int().min(0),
        overdueShare: z.number().int().min(0),
        utilisation: z.number().int().min(0),
        trend: z.number().int().min(0),
        accountAge: z.number().int().min(0),
        disputes: z.number().int().min(0),
        brokenPromises: z.number().int().min(0),
        altman: z.number().int().min(0),
        externalRating: z.number().int().min(0),
      }),
      /** Lowest score of each level; below `high` is critical. */
      thresholds: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int() }),
      /** External rating (as synced from a HubSpot property) → points share in basis points. */
      externalRatings: z.record(z.string(), basisPoints).default({}),
    }),
    flags: z.object({
      nearLimitBps: basisPoints,
      severelyOverdueDays: z.number().int().min(1),
      worseningTrendDays: z.number().int().min(1),
      concentrationBps: basisPoints,
      newCustomerDays: z.number().int().min(0),
      /** A promise to pay broken within this many days raises BROKEN_PROMISE and counts in the score. */
      brokenPromiseDays: z.number().int().min(1).default(90),
      /** Flags whose raising is announced in the credit channel. */
      announce: z.array(z.enum(FLAG_CODES)),
    }),
    reviewIntervalDays: z.record(riskLevel, z.number().int().min(1)),
    strategies: z.record(riskLevel, strategy),
    creditCheck: z.object({
      /** Deals entering these stages are checked. */
      stages: z.array(z.string().min(1)),
      /** Empty means every pipeline. */
      pipelines: z.array(z.string()).default([]),
      /** A deal may exceed available credit by this share before it is held. */
      toleranceBps: basisPoints,
      /** Risk levels whose deals always go to review. */
      reviewRiskLevels: z.array(riskLevel),
    }),
    acceptance: z.object({
      autoApproveMaxMinor: nonNegativeMinor,
      autoApproveRiskLevels: z.array(riskLevel),
    }),
    /**
     * Requests to change an existing customer's limit (credit applications, Slack requests): what the
     * policy approves on its own; anything else waits for an approver. An admin's own PUT of a limit is
     * a decision, not a request, and is not judged by these.
     */
    limitChanges: z
      .object({
        /** Largest increase (new limit − current, base currency) approved without an approver. */
        autoApproveIncreaseUpToMinor: nonNegativeMinor.default(500_000n),
        /** ... and at most this share of the current limit (10000 = 100%, so 2000 = +20%). */
        autoApproveIncreaseBps: z.number().int().min(0).max(1_000_000).default(2_000),
        /** Risk levels (from the customer's own history) whose increases may be approved automatically. */
        autoApproveRiskLevels: z.array(riskLevel).default(['low', 'medium']),
        /** Approve decreases automatically while the new limit still covers the current exposure. */
        autoApproveDecreases: z.boolean().default(true),
      })
      .prefault({}),
    /** Money that does not add up: a payment larger than what its invoice still owes. */
    payments: z
      .object({
        /** 'refuse' rejects the payment; 'unapplied_cash' keeps the excess on the customer's account. */
        overpayment: z.enum(['refuse', 'unapplied_cash']).default('refuse'),
        /** An excess up to this (base currency) is accepted and kept as unapplied cash either way. */
        overpaymentToleranceMinor: nonNegativeMinor.default(0n),
      })
      .prefault({}),
    dunning: z.object({
      ladder: z.array(dunningStageSchema).min(1),
      /** Reminder cap per customer across all stages. */
      maxContactsPer7Days: z.number().int().min(1),
      digestLocalTime: localTime,
      quietHours: z.object({ start: localTime, end: localTime }),
      /** ISO weekdays (1 = Monday) on which digests go out. */
      workingDays: z.array(z.number().int().min(1).max(7)).min(1),
      /** Slack channel id (C…) of the credit team. */
      creditChannel: z.string().min(1).optional(),
      earlyPaymentDiscount: z.object({ bps: basisPoints, withinDays: z.number().int().min(1) }).nullable(),
    }),
    /**
     * Who may read a customer's credit file in Slack (/credit, the chat, App Home). Actions have their
     * own check: the account's owner or the credit team, whatever this says.
     */
    slackAccess: z
      .object({
        /**
         * 'owner_credit_team_approvers': the account's owner (its HubSpot owner's Slack user), the credit
         * team and approvers — today one group, the active approvers; 'workspace': every member.
         */
        read: z.enum(SLACK_READ_ACCESS).default('owner_credit_team_approvers'),
      })
      .prefault({}),
    approvals: z.object({
      /** Roles in escalation order with the largest amount (base currency) each may approve; null = no cap. */
      matrix: z.array(z.object({ role: z.string().min(1), maxMinor: nonNegativeMinor.nullable() })).min(1),
      reminderHours: z.number().int().min(1),
    }),
  })
  .superRefine((policy, ctx) => {
    const { low, medium, high } = policy.score.thresholds;
    if (!(low > medium && medium > high)) {
      ctx.addIssue({
        code: 'custom',
        path: ['score', 'thresholds'],
        message: 'must satisfy low > medium > high',
      });
    }
    const keys = policy.dunning.ladder.map((stage) => stage.key);
    if (new Set(keys).size !== keys.length) {
      ctx.addIssue({ code: 'custom', path: ['dunning', 'ladder'], message: 'stage keys must be unique' });
    }
    const offsets = policy.dunning.ladder.map((stage) => stage.offsetDays);
    if (offsets.some((offset, i) => i > 0 && offset <= (offsets[i - 1] ?? offset))) {
      ctx.addIssue({
        code: 'custom',
        path: ['dunning', 'ladder'],
        message: 'stages must be in increasing offset order',
      });
    }
  });

export type CreditPolicy = z.infer<typeof policySchema>;
/** The policy as written in JSON or TypeScript, before parsing (amounts may be strings). */
export type CreditPolicyInput = z.input<typeof policySchema>;
