// Turns loaded facts into assessments and profile rows: the limit a company has (its approved one, or
// the policy default for its segment), the explanation with a fingerprint to detect change, and the
// comparison with what is stored.

import { type Assessment, assessCompany, defaultLimitFor } from '../../domain/credit/assess.ts';
import type { RatesUsed } from '../../domain/credit/fx.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { PolicyInForce } from '../policy/current.ts';
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

/** The rates as stored with a profile: currency → { rate, on, source }. */
export function ratesJson(used: RatesUsed): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [currency, quote] of Object.entries(used)) {
    out[currency] = { rate: quote.rate, on: quote.on, source: quote.source };
  }
  return out;
}

export function assembleAssessment(
  company: CompanyRecord,
  facts: LoadedFacts,
  inForce: PolicyInForce,
  asOf: string,
  portfolioReceivablesBaseMinor: bigint,
): CompanyAssessment {
  const { policy, version: policyVersion } = inForce;
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
    inForce.fx,
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
  const leftOut = Object.entries(assessment.leftOut);
  if (leftOut.length > 0) {
    // What the figures above do not include, so a reader knows they are partial and why.
    explanation.leftOut = leftOut
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, minor]) => ({ currency, openMinor: minor.toString(), reason: 'no exchange rate' }));
  }
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
    fxRatesUsed: ratesJson(assessment.ratesUsed),
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
