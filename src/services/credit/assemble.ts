// Turns loaded facts into assessments and profile rows: the limit a company has (its approved one, or
// the policy default for its segment), the explanation with a fingerprint to detect change, and the
// comparison with what is stored.

import { type Assessment, assessCompany, defaultLimitFor, policyFx } from '../../domain/credit/assess.ts';
import { convertMinor } from '../../domain/credit/fx.ts';
import type { CurrencyFacts } from '../../domain/credit/invoice-facts.ts';
import type { CreditPolicy } from '../../domain/policy/schema.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { CompanyRecord, LoadedFacts } from './load-facts.ts';

export interface ProfileRow {
  companyId: string;
  limitMinor: bigint;
  currency: string;
  limitSource: 'policy_default' | 'approved';
  termsDays: number;
  score: number;
  riskLevel: string;
  strategy: string;
  nextReviewOn: string;
  blocked: boolean;
  exposureMinor: bigint;
  availableMinor: bigint;
  receivablesBaseMinor: bigint;
  /** The explanation as stored: serialised once, for the fingerprint and the write. */
  explanationJson: string;
  fxRatesUsed: JsonValue;
  fingerprint: string;
}

export interface CompanyAssessment {
  company: CompanyRecord;
  assessment: Assessment;
  row: ProfileRow;
  changed: boolean;
}

/**
 * Two 32-bit FNV-1a hashes (different offsets) over the explanation's JSON: enough to tell whether
 * anything in it changed, and cheap enough to run for every company on every rescore.
 */
export function fingerprintOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

export function receivablesInBase(
  rows: readonly Pick<CurrencyFacts, 'currency' | 'openMinor'>[],
  policy: CreditPolicy,
): bigint {
  const fx = policyFx(policy);
  return rows.reduce(
    (sum, row) => sum + convertMinor(row.openMinor, row.currency, policy.baseCurrency, fx),
    0n,
  );
}

export function assembleAssessment(
  company: CompanyRecord,
  facts: LoadedFacts,
  policy: CreditPolicy,
  policyVersion: number,
  asOf: string,
  portfolioReceivablesBaseMinor: bigint,
): CompanyAssessment {
  const stored = company.profile;
  const limit =
    stored && stored.limitSource === 'approved'
      ? { minor: stored.limitMinor, currency: stored.currency, source: 'approved' as const }
      : defaultLimitFor(policy, company.segment);
  const assessment = assessCompany(
    {
      asOf,
      limit,
      previousNextReviewOn: stored?.nextReviewOn ?? null,
      invoices: facts.invoices.get(company.id) ?? [],
      deals: facts.deals.get(company.id) ?? [],
      openDisputes: facts.disputes.get(company.id) ?? 0,
      brokenPromises: facts.brokenPromises.get(company.id) ?? 0,
      altman: facts.altman.get(company.id) ?? null,
      externalRating: company.externalRating,
      customerSince: company.customerSince,
      portfolioReceivablesBaseMinor,
    },
    policy,
  );
  const { exposure, score } = assessment;
  // Built JSON-safe by hand (amounts as strings): this runs for every company on every rescore.
  const explanation: Record<string, JsonValue> = {
    score: score.score,
    riskLevel: assessment.riskLevel,
    strategy: assessment.strategy,
    policyVersion,
    currency: limit.currency,
    exposure: {
      openMinor: exposure.openMinor.toString(),
      committedMinor: exposure.committedMinor.toString(),
      exposureMinor: exposure.exposureMinor.toString(),
      availableMinor: exposure.availableMinor.toString(),
    },
    // Factors hold only strings, numbers and nulls; the interface just lacks JsonValue’s index signature.
    factors: score.factors as unknown as JsonValue,
  };
  const json = JSON.stringify(explanation);
  const fingerprint = fingerprintOf(json);
  const row: ProfileRow = {
    companyId: company.id,
    limitMinor: limit.minor,
    currency: limit.currency,
    limitSource: limit.source,
    termsDays: stored?.termsDays ?? policy.terms.defaultDays,
    score: score.score,
    riskLevel: assessment.riskLevel,
    strategy: assessment.strategy,
    nextReviewOn: assessment.nextReviewOn,
    blocked: stored?.blocked ?? false,
    exposureMinor: exposure.exposureMinor,
    availableMinor: exposure.availableMinor,
    receivablesBaseMinor: assessment.receivablesBaseMinor,
    explanationJson: json,
    fxRatesUsed: exposure.ratesUsed,
    fingerprint,
  };
  const changed =
    !stored ||
    stored.fingerprint !== fingerprint ||
    stored.limitMinor !== row.limitMinor ||
    stored.currency !== row.currency ||
    stored.limitSource !== row.limitSource ||
    stored.nextReviewOn !== row.nextReviewOn ||
    stored.receivablesBaseMinor !== row.receivablesBaseMinor;
  return { company, assessment, row, changed };
}
