// Response and request schemas of the credit engine as the API shows it: the profile with its score
// explanation, risk flags with their facts, financial statements with their Altman result, deal checks
// and credit-application decisions. Shapes follow src/domain/credit; amounts are minor-unit strings.

import { z } from '@hono/zod-openapi';
import type { AltmanVariant, AltmanZone } from '../../domain/credit/altman.ts';
import type { CheckReason } from '../../domain/credit/check.ts';
import type { FlagSeverity } from '../../domain/credit/flags.ts';
import { FACTOR_LABELS, type FactorKey, type RiskLevel } from '../../domain/credit/scoring.ts';
import { FLAG_CODES } from '../../domain/policy/schema.ts';
import type { DealCheckOutcome } from '../../services/credit/deal-check.ts';
import { Currency, MinorUnits } from './fields.ts';

/** The values of a string union, checked by the compiler to be all of them and nothing else. */
const allOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)): A =>
    values;

type NotCheckedReason = Extract<DealCheckOutcome['result'], { applies: false }>['why'];

const RISK_LEVELS = allOf<RiskLevel>()(['low', 'medium', 'high', 'critical']);
const FACTORS = allOf<FactorKey>()([
  'paymentBehaviour',
  'overdueShare',
  'utilisation',
  'trend',
  'accountAge',
  'disputes',
  'brokenPromises',
  'altman',
  'externalRating',
]);
const CHECK_REASONS = allOf<CheckReason>()([
  'blocked',
  'exit_strategy',
  'review_risk_level',
  'over_available',
  'within_available',
  'previously_approved',
  'no_exchange_rate',
]);
const NOT_CHECKED = allOf<NotCheckedReason>()(['stage_not_checked', 'pipeline_not_checked', 'no_company']);
const SEVERITIES = allOf<FlagSeverity>()(['info', 'warning', 'critical']);
const ALTMAN_VARIANTS = allOf<AltmanVariant>()(['Z', "Z'", "Z''"]);
const ALTMAN_ZONES = allOf<AltmanZone>()(['safe', 'grey', 'distress']);

export const RiskLevelSchema = z
  .enum(RISK_LEVELS)
  .openapi('RiskLevel', { description: 'From the score and the policy thresholds' });
export const StrategySchema = z
  .enum(['accept', 'monitor', 'exit'])
  .openapi('Strategy', { description: 'What the policy does with customers of this risk level' });

export const FxRatesUsedSchema = z
  .record(
    z.string(),
    z.object({
      rate: z.string().openapi({ description: 'Units of the base currency per one unit, exact decimal' }),
      on: z.string().openapi({ description: 'The day the rate is for (YYYY-MM-DD)' }),
      source: z.enum(['policy', 'hubspot', 'demo']).openapi({
        description:
          'policy: set in the credit policy; hubspot: the portal’s currency settings; demo: the demo',
      }),
    }),
  )
  .openapi('FxRatesUsed', {
    description: 'The exchange rates a figure used, by currency, each with its date and source',
    example: { EUR: { rate: '1.0825', on: '2026-11-25', source: 'hubspot' } },
  });
export type FxRatesUsed = z.infer<typeof FxRatesUsedSchema>;

const FactValue = z.union([z.string(), z.number(), z.null()]);

export const ScoreFactorSchema = z
  .object({
    factor: z.enum(FACTORS).openapi({
      description: `One of the score's factors: ${Object.entries(FACTOR_LABELS)
        .map(([key, label]) => `${key} (${label})`)
        .join(', ')}`,
    }),
    inputs: z
      .record(z.string(), FactValue)
      .openapi({ description: 'The facts the factor was computed from (amounts as minor-unit strings)' }),
    share: z.number().min(0).max(1).openapi({ description: "Share of the factor's maximum earned, 0–1" }),
    points: z.number().openapi({ description: 'Points earned' }),
    maxPoints: z.number().openapi({ description: "The factor's weight in the policy" }),
  })
  .openapi('ScoreFactor');

export const ScoreExplanationSchema = z
  .object({
    score: z.number().int().min(0).max(100),
    riskLevel: RiskLevelSchema,
    strategy: StrategySchema,
    policyVersion: z
      .number()
      .int()
      .openapi({ description: 'The policy version the score was computed under' }),
    currency: Currency.openapi({ description: 'Currency of the limit and of the exposure figures' }),
    exposure: z.object({
      openMinor: MinorUnits.openapi({ description: 'Open invoice balances' }),
      committedMinor: MinorUnits.openapi({ description: 'Weighted amounts of deals in committed stages' }),
      exposureMinor: MinorUnits.openapi({ description: 'Open plus committed' }),
      availableMinor: MinorUnits.openapi({ description: 'Limit minus exposure (negative when over)' }),
    }),
    factors: z
      .array(ScoreFactorSchema)
      .openapi({ description: 'Every factor with data; the others are left out' }),
    leftOut: z
      .array(
        z.object({
          currency: Currency,
          openMinor: MinorUnits.openapi({ description: 'Open amount in that currency' }),
          reason: z.literal('no exchange rate'),
        }),
      )
      .optional()
      .openapi({
        description: 'Open amounts no rate converts: not in any figure above (flag FX_RATE_MISSING)',
      }),
  })
  .openapi('ScoreExplanation', { description: 'Why the score is what it is, factor by factor' });
export type ScoreExplanation = z.infer<typeof ScoreExplanationSchema>;

export const CreditProfileSchema = z
  .object({
    limitMinor: MinorUnits,
    currency: Currency,
    limitSource: z.enum(['policy_default', 'approved']).openapi({
      description: "approved: set by a person or an approval; policy_default: the segment's default",
    }),
    termsDays: z.number().int().openapi({ description: 'Payment terms in days' }),
    score: z.number().int().nullable().openapi({ description: '0–100; null until first computed' }),
    riskLevel: RiskLevelSchema.nullable(),
    strategy: StrategySchema.nullable(),
    nextReviewOn: z
      .string()
      .nullable()
      .openapi({ description: 'Date (YYYY-MM-DD) the limit is due for review' }),
    blocked: z.boolean().openapi({ description: 'Blocked customers get no new credit' }),
    exposureMinor: MinorUnits,
    availableMinor: MinorUnits,
    explanation: ScoreExplanationSchema.nullable(),
    fxRatesUsed: FxRatesUsedSchema.nullable().optional(),
    policyVersion: z.number().int().nullable().optional(),
    computedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the profile was last computed (ISO 8601)' }),
  })
  .openapi('CreditProfile');

export const FlagCodeSchema = z.enum(FLAG_CODES).openapi('FlagCode');

const FlagFactsSchema = z
  .record(z.string(), FactValue)
  .openapi({ description: 'The facts that raised the flag (amounts as minor-unit strings)' });
export type FlagFacts = z.infer<typeof FlagFactsSchema>;

export const RiskFlagSchema = z
  .object({
    id: z.string().openapi({ description: 'Row id (decimal string)' }),
    code: FlagCodeSchema,
    severity: z.enum(SEVERITIES),
    facts: FlagFactsSchema,
    raisedAt: z.string().openapi({ description: 'ISO 8601' }),
    clearedAt: z.string().nullable().openapi({ description: 'ISO 8601; null while the flag is active' }),
  })
  .openapi('RiskFlag');

/** Financial statements for the Altman Z-score, amounts in minor units of `currency`. */
export const FinancialStatementSchema = z
  .object({
    periodEnd: z.iso.date().openapi({ description: 'Last day of the period the statements cover' }),
    currency: Currency,
    items: z.object({
      totalAssets: MinorUnits,
      totalLiabilities: MinorUnits,
      workingCapital: MinorUnits,
      retainedEarnings: MinorUnits,
      ebit: MinorUnits,
      sales: MinorUnits,
      bookEquity: MinorUnits,
      marketEquity: MinorUnits.optional().openapi({
        description: 'Market value of equity (listed companies)',
      }),
    }),
  })
  .openapi('FinancialStatement');

export const AltmanResultSchema = z
  .object({
    variant: z
      .enum(ALTMAN_VARIANTS)
      .openapi({ description: "Z (public manufacturer), Z' (private), Z'' (other)" }),
    z: z.number(),
    zone: z.enum(ALTMAN_ZONES),
    ratios: z.object({
      x1: z.number(),
      x2: z.number(),
      x3: z.number(),
      x4: z.number(),
      x5: z.number().nullable().openapi({ description: "Sales / total assets; not used by Z''" }),
    }),
  })
  .openapi('AltmanResult');

export const DealCheckSchema = z
  .object({
    dealId: z.uuid(),
    applies: z.boolean().openapi({ description: 'false when the policy does not check this deal' }),
    status: z.enum(['ok', 'hold', 'approved']).optional().openapi({ description: 'When applies' }),
    reason: z.enum(CHECK_REASONS).optional().openapi({ description: 'When applies: why this status' }),
    why: z.enum(NOT_CHECKED).optional().openapi({
      description: 'When it does not apply: the stage or pipeline is not checked, or the deal has no company',
    }),
    allowanceMinor: MinorUnits.optional().openapi({
      description: 'When applies: available credit plus the policy tolerance, in the limit currency',
    }),
    approvalRequestId: z.uuid().nullable().openapi({ description: 'The approval request a hold opened' }),
  })
  .openapi('DealCreditCheck');

export const CreditApplicationDecisionSchema = z
  .object({
    companyId: z.uuid(),
    customer: z.enum(['new', 'existing']).openapi({
      description: 'existing: judged on its own history as a limit change; new: on the application',
    }),
    requestedLimitMinor: MinorUnits,
    currentLimitMinor: MinorUnits.nullable().openapi({
      description: 'An existing customer’s limit now, in the application currency',
    }),
    suggestedLimitMinor: MinorUnits.openapi({
      description:
        'New customer: the policy default for its segment; existing: the highest limit the policy would approve on its own now',
    }),
    currency: Currency,
    score: z.number().int().min(0).max(100),
    riskLevel: RiskLevelSchema,
    factors: z.array(ScoreFactorSchema),
    fxRatesUsed: FxRatesUsedSchema,
    decision: z
      .enum(['auto_approved', 'pending_approval'])
      .openapi({ description: 'auto_approved: the limit is set; pending_approval: an approver decides' }),
    rule: z.string().openapi({
      description: 'The policy rule that decided, e.g. limit_changes.increase_within_auto_approval',
    }),
    why: z.string().openapi({ description: 'The rule’s reason in words' }),
    approvalRequestId: z.uuid().nullable(),
  })
  .openapi('CreditApplicationDecision');
