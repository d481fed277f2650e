import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../src/domain/policy/schema.ts';

describe('credit policy schema', () => {
  it('accepts the default policy and turns amounts into bigint', () => {
    const policy = policySchema.parse(defaultPolicy);
    expect(policy.defaultLimits.default).toBe(1_000_000n);
    expect(policy.approvals.matrix.at(-1)?.maxMinor).toBeNull();
  });

  it('rejects thresholds out of order, duplicate or unordered stages, and fractional amounts', () => {
    const bad = structuredClone(defaultPolicy);
    bad.score.thresholds = { low: 40, medium: 55, high: 35 };
    const [first] = bad.dunning.ladder;
    if (!first) throw new Error('the default ladder has stages');
    bad.dunning.ladder = [...bad.dunning.ladder, { ...first, offsetDays: -10 }];
    bad.acceptance.autoApproveMaxMinor = '12.50';
    const result = policySchema.safeParse(bad);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['score.thresholds', 'dunning.ladder', 'acceptance.autoApproveMaxMinor']),
    );
  });

  it('reads a policy stored before limit changes and payments had settings with their defaults', () => {
    const { limitChanges: _limits, payments: _payments, ...older } = defaultPolicy;
    const policy = policySchema.parse(older);
    expect(policy.limitChanges).toEqual({
      autoApproveIncreaseUpToMinor: 500_000n,
      autoApproveIncreaseBps: 2_000,
      autoApproveRiskLevels: ['low', 'medium'],
      autoApproveDecreases: true,
    });
    expect(policy.payments).toEqual({ overpayment: 'refuse', overpaymentToleranceMinor: 0n });
  });

  it('keeps Slack reads to owners, the credit team and approvers unless told otherwise', () => {
    const { slackAccess: _access, ...older } = defaultPolicy;
    expect(policySchema.parse(older).slackAccess).toEqual({ read: 'owner_credit_team_approvers' });
    expect(
      policySchema.parse({ ...defaultPolicy, slackAccess: { read: 'workspace' } }).slackAccess.read,
    ).toBe('workspace');
    const result = policySchema.safeParse({ ...defaultPolicy, slackAccess: { read: 'everyone' } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['slackAccess.read']);
  });
});
