// Property tests (fast-check) of the credit invariants: the score stays in 0–100, paying an overdue
// invoice never lowers it, and more exposure never raises available credit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCompany, type CompanyCreditFacts } from '../../../../src/domain/credit/assess.ts';
import { computeExposure } from '../../../../src/domain/credit/exposure.ts';
import { type InvoiceFact, summariseInvoices } from '../../../../src/domain/credit/invoice-facts.ts';
import { computeScore } from '../../../../src/domain/credit/scoring.ts';
import { defaultPolicy } from '../../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../../src/domain/policy/schema.ts';
import { addDays } from '../../../../src/lib/dates.ts';

const policy = policySchema.parse(defaultPolicy);
const asOf = '2026-11-26';
const quote = (rate: string) => ({ rate, on: asOf, source: 'hubspot' as const });
const fx = { base: 'USD', rates: { EUR: quote('1.08'), JPY: quote('0.0067') } };

const minor = fc.bigInt({ min: 0n, max: 10_000_000_000n });
// CHF has no rate: its amounts are left out, and every property must still hold.
const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'CHF');

const invoiceArb: fc.Arbitrary<InvoiceFact> = fc
  .record({
    currency,
    amountMinor: fc.bigInt({ min: 1n, max: 1_000_000_000n }),
    paidShare: fc.integer({ min: 0, max: 100 }),
    dueOffset: fc.integer({ min: -400, max: 60 }),
    paidOffset: fc.integer({ min: -30, max: 120 }),
    status: fc.constantFrom('open', 'paid', 'written_off', 'void'),
  })
  .map(({ currency, amountMinor, paidShare, dueOffset, paidOffset, status }) => {
    const dueOn = addDays(asOf, dueOffset);
    const paidOn = addDays(dueOn, paidOffset) < asOf ? addDays(dueOn, paidOffset) : asOf;
    const open = status === 'open';
    return {
      currency,
      amountMinor,
      balanceMinor: open ? (amountMinor * BigInt(100 - paidShare)) / 100n || 1n : 0n,
      issuedOn: addDays(dueOn, -30),
      dueOn,
      paidOn: status === 'paid' ? paidOn : null,
      status,
    } as InvoiceFact;
  });

const companyArb = fc.record({
  invoices: fc.array(invoiceArb, { maxLength: 12 }),
  limitMinor: minor,
  limitCurrency: currency,
  openDisputes: fc.nat({ max: 4 }),
  brokenPromises: fc.nat({ max: 4 }),
  customerSince: fc.option(fc.integer({ min: 0, max: 3000 }).map((days) => addDays(asOf, -days))),
  zone: fc.option(fc.constantFrom('safe' as const, 'grey' as const, 'distress' as const)),
});

type Company = typeof companyArb extends fc.Arbitrary<infer T> ? T : never;

function facts(company: Company, invoices: InvoiceFact[]) {
  const input: CompanyCreditFacts = {
    asOf,
    limit: { minor: company.limitMinor, currency: company.limitCurrency, source: 'approved' },
    previousNextReviewOn: null,
    invoices: summariseInvoices(invoices, asOf),
    deals: [],
    openDisputes: company.openDisputes,
    brokenPromises: company.brokenPromises,
    altman: company.zone ? { variant: "Z''", z: 1, zone: company.zone } : null,
    externalRating: null,
    customerSince: company.customerSince,
    portfolioReceivablesBaseMinor: 0n,
  };
  return input;
}

describe('credit invariants', () => {
  it('the score is always an integer from 0 to 100', () => {
    fc.assert(
      fc.property(
        companyArb,
        fc.record({
          weights: fc.record({
            paymentBehaviour: fc.nat({ max: 200 }),
            overdueShare: fc.nat({ max: 200 }),
            utilisation: fc.nat({ max: 200 }),
            trend: fc.nat({ max: 200 }),
            accountAge: fc.nat({ max: 200 }),
            disputes: fc.nat({ max: 200 }),
            brokenPromises: fc.nat({ max: 200 }),
            altman: fc.nat({ max: 200 }),
            externalRating: fc.nat({ max: 200 }),
          }),
        }),
        (company, { weights }) => {
          const tuned = { ...policy, score: { ...policy.score, weights } };
          const { score } = assessCompany(facts(company, company.invoices), tuned, fx).score;
          expect(Number.isInteger(score)).toBe(true);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('the score stays in range for extreme raw inputs too', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
        minor,
        fc.integer({ min: 0, max: 100 }),
        minor,
        minor,
        fc.option(fc.double({ min: 0, max: 1e4, noNaN: true })),
        fc.option(fc.double({ min: 0, max: 1e4, noNaN: true })),
        (avg, open, overduePercent, exposure, limit, thisQ, lastQ) => {
          const { score } = computeScore(
            {
              avgDaysBeyondTerms: avg,
              openMinor: open,
              overdueMinor: (open * BigInt(overduePercent)) / 100n,
              exposureMinor: exposure,
              limitMinor: limit,
              thisQuarterAvgDays: thisQ,
              lastQuarterAvgDays: lastQ,
              accountAgeDays: 10,
              openDisputes: 9,
              brokenPromises: 9,
              altman: null,
              externalRating: null,
            },
            policy,
          );
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('paying an overdue invoice (in full or in part) never lowers the score', () => {
    const overdue = invoiceArb.map(
      (invoice): InvoiceFact => ({
        ...invoice,
        status: 'open',
        paidOn: null,
        dueOn: invoice.dueOn < asOf ? invoice.dueOn : addDays(asOf, -1),
        balanceMinor: invoice.amountMinor,
      }),
    );
    fc.assert(
      fc.property(
        companyArb,
        overdue,
        fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 99 })),
        (company, unpaid, percent) => {
          const paidMinor = (unpaid.balanceMinor * BigInt(percent)) / 100n;
          const rest = unpaid.balanceMinor - paidMinor;
          const paid: InvoiceFact =
            rest === 0n
              ? { ...unpaid, balanceMinor: 0n, status: 'paid', paidOn: asOf }
              : { ...unpaid, balanceMinor: rest };
          const before = assessCompany(facts(company, [...company.invoices, unpaid]), policy, fx).score.score;
          const after = assessCompany(facts(company, [...company.invoices, paid]), policy, fx).score.score;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('more exposure never raises available credit', () => {
    const amount = fc.record({ currency, minor });
    const stage = fc.constantFrom('contractsent', 'closedwon', 'qualified');
    fc.assert(
      fc.property(
        minor,
        currency,
        fc.array(amount, { maxLength: 6 }),
        fc.array(fc.record({ currency, minor, stage }), { maxLength: 4 }),
        fc.oneof(
          amount.map((extra) => ({ kind: 'invoice' as const, extra })),
          fc.record({ currency, minor, stage }).map((extra) => ({ kind: 'deal' as const, extra })),
        ),
        (limitMinor, limitCurrency, openBalances, deals, more) => {
          const base = {
            limitMinor,
            limitCurrency,
            openBalances,
            deals,
            committedStages: policy.exposure.committedStages,
            fx,
          };
          const before = computeExposure(base);
          const after = computeExposure(
            more.kind === 'invoice'
              ? { ...base, openBalances: [...openBalances, more.extra] }
              : { ...base, deals: [...deals, more.extra] },
          );
          expect(after.availableMinor).toBeLessThanOrEqual(before.availableMinor);
          expect(after.exposureMinor).toBeGreaterThanOrEqual(before.exposureMinor);
        },
      ),
    );
  });
});
