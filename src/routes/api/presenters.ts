// Database rows → API shapes (bigint → string, Date → ISO string).

import type { companies, creditProfiles, invoices } from '../../db/schema/index.ts';

type CompanyRow = typeof companies.$inferSelect;
type ProfileRow = typeof creditProfiles.$inferSelect;
type InvoiceRow = typeof invoices.$inferSelect;

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
    explanation: profile.explanation,
    fxRatesUsed: profile.fxRatesUsed,
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
