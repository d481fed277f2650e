import { describe, expect, it } from 'vitest';
import { checkDeal, type DealCheckInput } from '../../../../src/domain/credit/check.ts';
import { defaultPolicy } from '../../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../../src/domain/policy/schema.ts';

const rules = policySchema.parse(defaultPolicy).creditCheck; // contractsent, closedwon; 5% tolerance

const deal: DealCheckInput = {
  stage: 'contractsent',
  pipeline: 'default',
  creditStatus: 'none',
  amountMinor: 500_000n,
  approvedAmountMinor: null,
  profile: {
    blocked: false,
    strategy: 'accept',
    riskLevel: 'low',
    limitMinor: 1_000_000n,
    availableMinor: 600_000n,
  },
};

const decide = (change: Partial<DealCheckInput>, profile: Partial<DealCheckInput['profile']> = {}) =>
  checkDeal({ ...deal, ...change, profile: { ...deal.profile, ...profile } }, rules);

describe('deal credit check', () => {
  it('passes a deal within available credit', () => {
    expect(decide({})).toEqual({
      applies: true,
      status: 'ok',
      reason: 'within_available',
      allowanceMinor: 650_000n,
    });
  });

  it('allows the tolerance (5% of the limit) above available credit, and holds beyond it', () => {
    expect(decide({ amountMinor: 650_000n })).toMatchObject({ status: 'ok' });
    expect(decide({ amountMinor: 650_001n })).toMatchObject({ status: 'hold', reason: 'over_available' });
  });

  it('holds blocked customers, exit strategies and risk levels sent to review', () => {
    expect(decide({}, { blocked: true })).toMatchObject({ status: 'hold', reason: 'blocked' });
    expect(decide({}, { strategy: 'exit' })).toMatchObject({ status: 'hold', reason: 'exit_strategy' });
    expect(decide({}, { riskLevel: 'critical', strategy: 'monitor' })).toMatchObject({
      status: 'hold',
      reason: 'review_risk_level',
    });
  });

  it('keeps an approved deal approved unless its amount grows past the approved amount', () => {
    const approved = { creditStatus: 'approved', approvedAmountMinor: 900_000n };
    expect(decide({ ...approved, amountMinor: 900_000n })).toMatchObject({
      status: 'approved',
      reason: 'previously_approved',
    });
    expect(decide({ ...approved, amountMinor: 900_001n })).toMatchObject({
      status: 'hold',
      reason: 'over_available',
    });
  });

  it('skips stages and pipelines the policy does not check', () => {
    expect(decide({ stage: 'appointmentscheduled' })).toEqual({ applies: false, why: 'stage_not_checked' });
    expect(checkDeal(deal, { ...rules, pipelines: ['enterprise'] })).toEqual({
      applies: false,
      why: 'pipeline_not_checked',
    });
  });
});
