// One company's credit as of now, from its own history (the normal assessment, as a recompute would
// make it), read without writing anything: what a request to change its limit is judged on.

import type { Queryable } from '../../db/types.ts';
import type { Assessment, CompanyLimit } from '../../domain/credit/assess.ts';
import { ConflictError } from '../../domain/errors.ts';
import { isoDate } from '../../lib/dates.ts';
import type { ServiceContext } from '../context.ts';
import type { PolicyInForce } from '../policy/current.ts';
import { assembleAssessment } from './assemble.ts';
import { loadCreditFacts } from './load-facts.ts';

export interface CurrentCredit {
  /** A customer with a credit profile or invoices; anyone else is new and has no history to judge. */
  existing: boolean;
  limit: CompanyLimit;
  termsDays: number;
  blocked: boolean;
  assessment: Assessment;
}

export async function assessCurrentCredit(
  tx: Queryable,
  ctx: ServiceContext,
  companyId: string,
  policy: PolicyInForce,
): Promise<CurrentCredit> {
  const asOf = isoDate(ctx.now);
  const facts = await loadCreditFacts(tx, { ids: [companyId] }, asOf, policy.policy);
  const [company] = facts.companies;
  if (!company) {
    throw new ConflictError('This company is archived or merged into another; change the surviving one.', {
      companyId,
    });
  }
  // Concentration only raises a flag, and flags are not part of this judgement: no portfolio total needed.
  const { assessment, row } = assembleAssessment(company, facts, policy, asOf, 0n);
  return {
    existing: company.profile !== null || (facts.invoices.get(companyId)?.length ?? 0) > 0,
    limit: { minor: row.limitMinor, currency: row.currency, source: row.limitSource },
    termsDays: row.termsDays,
    blocked: row.blocked,
    assessment,
  };
}
