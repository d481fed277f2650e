// Database rows → API shapes (bigint → string, Date → ISO string).

import type { companies, creditProfiles, deals, invoices, riskFlags } from '../../db/schema/index.ts';
import type { FlagCode } from '../../domain/policy/schema.ts';
import type { DealCheckOutcome } from '../../services/credit/deal-check.ts';
import type { FlagFacts, FxRatesUsed, ScoreExplanation } from './credit-schemas.ts';

type CompanyRow = typeof companies.$inferSelect;
type ProfileRow = typeof creditProfiles.$inferSelect;
type InvoiceRow = typeof invoices.$inferSelect;
type DealRow = typeof deals.$inferSelect;
type FlagRow = typeof riskFlags.$inferSelect;

export function presentProfile(profile: ProfileRow | null) {
  if (!profile) return null;
  return {
    limitMinor: profile.limitMinor.toString(),
    currency: profile.currency,
    limitSource: profile.limitSource,
    termsDays: profile.termsDays,
    score: profile.score,
    riskLevel: profile.riskLevel,
    strategy: profile.strategy,
    nextReviewOn: profile.nextReviewOn,
    blocked: profile.blocked,
    exposureMinor: profile.exposureMinor.toString(),
    availableMinor: profile.availableMinor.toString(),
    // Both are written by the engine in these shapes (services/credit/assemble.ts); null until computed.
    explanation: (profile.explanation ?? null) as ScoreExplanation | null,
    fxRatesUsed: (profile.fxRatesUsed ?? null) as FxRatesUsed | null,
    policyVersion: profile.policyVersion,
    computedAt: profile.computedAt?.toISOString() ?? null,
  };
}

export function presentCompany(company: CompanyRow, profile: ProfileRow | null) {
  return {
    id: company.id,
    hubspotId: company.hubspotId,
    name: company.name,
    domain: company.domain,
    segment: company.segment,
    currency: company.currency,
    ownerId: company.ownerId,
    creditProfile: presentProfile(profile),
  };
}

export function presentInvoice(invoice: InvoiceRow) {
  return {
    id: invoice.id,
    source: invoice.source,
    externalId: invoice.externalId,
    companyId: invoice.companyId,
    dealId: invoice.dealId,
    number: invoice.number,
    currency: invoice.currency,
    amountMinor: invoice.amountMinor.toString(),
    balanceMinor: invoice.balanceMinor.toString(),
    issuedOn: invoice.issuedOn,
    dueOn: invoice.dueOn,
    status: invoice.status,
    paidOn: invoice.paidOn,
  };
}

export function presentDeal(deal: DealRow) {
  return {
    id: deal.id,
    companyId: deal.companyId,
    hubspotId: deal.hubspotId,
    name: deal.name,
    amountMinor: deal.amountMinor?.toString() ?? null,
    currency: deal.currency,
    stage: deal.stage,
    pipeline: deal.pipeline,
    creditStatus: deal.creditStatus,
    creditNote: deal.creditNote,
  };
}

export function presentFlag(flag: FlagRow) {
  return {
    id: flag.id.toString(),
    // Codes and facts are written by the engine (domain/credit/flags.ts) in these shapes.
    code: flag.code as FlagCode,
    severity: flag.severity,
    facts: flag.facts as FlagFacts,
    raisedAt: flag.raisedAt.toISOString(),
    clearedAt: flag.clearedAt?.toISOString() ?? null,
  };
}

export function presentDealCheck(outcome: DealCheckOutcome) {
  const { result } = outcome;
  return result.applies
    ? {
        dealId: outcome.dealId,
        applies: true,
        status: result.status,
        reason: result.reason,
        allowanceMinor: result.allowanceMinor.toString(),
        approvalRequestId: outcome.approvalRequestId,
      }
    : { dealId: outcome.dealId, applies: false, why: result.why, approvalRequestId: null };
}
