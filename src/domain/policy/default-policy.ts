// The policy a new installation starts with. Edit through PUT /api/v1/policy; every change is a new
// version and is audited. Amounts are minor units of the base currency (USD cents here).

import type { CreditPolicyInput } from './schema.ts';

export const defaultPolicy: CreditPolicyInput = {
  baseCurrency: 'USD',
  // Rates come from HubSpot's currency settings (or the demo portfolio); set one here only to override.
  fxRates: {},
  fx: { maxRateAgeDays: 7 },
  terms: { defaultDays: 30 },
  defaultLimits: {
    default: '1000000', // 10,000.00
    smb: '1000000',
    mid_market: '5000000',
    enterprise: '20000000',
  },
  exposure: {
    committedStages: [
      { stage: 'contractsent', weightBps: 8_000 },
      { stage: 'closedwon', weightBps: 10_000 },
    ],
  },
  score: {
    weights: {
      paymentBehaviour: 30,
      overdueShare: 20,
      utilisation: 15,
      trend: 10,
      accountAge: 5,
      disputes: 5,
      brokenPromises: 5,
      altman: 10,
      externalRating: 0,
    },
    thresholds: { low: 75, medium: 55, high: 35 },
    externalRatings: {},
  },
  flags: {
    nearLimitBps: 9_000,
    severelyOverdueDays: 60,
    worseningTrendDays: 10,
    concentrationBps: 2_000,
    newCustomerDays: 90,
    announce: ['OVER_LIMIT', 'SEVERELY_OVERDUE', 'BROKEN_PROMISE', 'DISTRESS_ZONE'],
  },
  reviewIntervalDays: { low: 365, medium: 365, high: 90, critical: 30 },
  strategies: { low: 'accept', medium: 'accept', high: 'monitor', critical: 'exit' },
  creditCheck: {
    stages: ['contractsent', 'closedwon'],
    pipelines: [],
    toleranceBps: 500,
    reviewRiskLevels: ['critical'],
  },
  acceptance: { autoApproveMaxMinor: '2500000', autoApproveRiskLevels: ['low', 'medium'] },
  limitChanges: {
    autoApproveIncreaseUpToMinor: '500000', // 5,000.00
    autoApproveIncreaseBps: 2_000, // and at most +20% of the current limit
    autoApproveRiskLevels: ['low', 'medium'],
    autoApproveDecreases: true,
  },
  payments: { overpayment: 'refuse', overpaymentToleranceMinor: '0' },
  dunning: {
    ladder: [
      {
        key: 'courtesy',
        label: 'Due in 3 days',
        offsetDays: -3,
        notify: ['owner'],
        suggestion: 'Send a friendly heads-up before the due date.',
      },
      {
        key: 'late_1',
        label: '1 day late',
        offsetDays: 1,
        notify: ['owner'],
        suggestion: 'Check the invoice was received and ask for a payment date.',
      },
      {
        key: 'late_7',
        label: '7 days late',
        offsetDays: 7,
        notify: ['owner'],
        suggestion: 'Call the accounts-payable contact and log a promise to pay.',
      },
      {
        key: 'late_15',
        label: '15 days late',
        offsetDays: 15,
        notify: ['owner'],
        suggestion: 'Escalate to your customer contact’s manager; consider pausing new orders.',
      },
      {
        key: 'late_30',
        label: '30 days late',
        offsetDays: 30,
        notify: ['owner', 'credit_channel'],
        suggestion: 'Credit manager takes over: send the formal reminder.',
        escalate: true,
      },
      {
        key: 'agency',
        label: '60 days late',
        offsetDays: 60,
        notify: ['owner', 'credit_channel'],
        suggestion: 'Recommend handing the account to a collection agency.',
        escalate: true,
        approvalKind: 'collection_agency',
      },
      {
        key: 'legal',
        label: '90 days late',
        offsetDays: 90,
        notify: ['owner', 'credit_channel'],
        suggestion: 'Recommend legal review.',
        escalate: true,
        approvalKind: 'legal_review',
      },
    ],
    maxContactsPer7Days: 3,
    digestLocalTime: '09:00',
    quietHours: { start: '19:00', end: '08:00' },
    workingDays: [1, 2, 3, 4, 5],
    earlyPaymentDiscount: { bps: 200, withinDays: 10 },
  },
  // A customer's credit file is read in Slack by its owner, the credit team and approvers only.
  slackAccess: { read: 'owner_credit_team_approvers' },
  approvals: {
    matrix: [
      { role: 'credit_analyst', maxMinor: '2500000' },
      { role: 'credit_manager', maxMinor: '10000000' },
      { role: 'cfo', maxMinor: null },
    ],
    reminderHours: 24,
  },
};
