// What a company's invoices say about it as of one day, per currency. The set-based SQL in
// services/credit/load-inputs.ts computes exactly these sums for many companies at once; this function
// is their definition (an integration test keeps the two equal) and is what the property tests drive.

import { daysBetween } from '../../lib/dates.ts';

export interface InvoiceFact {
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  issuedOn: string;
  dueOn: string;
  paidOn: string | null;
  status: 'draft' | 'open' | 'paid' | 'void' | 'written_off';
}

export interface CurrencyFacts {
  currency: string;
  /** Open balances, and the part of them past due. */
  openMinor: bigint;
  overdueMinor: bigint;
  /** Payment behaviour over invoices due in the last 365 days: Σ amount and Σ amount × days late. */
  behaviourAmountMinor: bigint;
  behaviourAmountDays: bigint;
  /** Days late summed and counted for invoices due in the last 90 days, and the 90 before that. */
  thisQuarterDays: number;
  thisQuarterCount: number;
  lastQuarterDays: number;
  lastQuarterCount: number;
  maxDaysOverdue: number;
  firstIssuedOn: string | null;
}

/**
 * Days late of an invoice that is due: paid ones by their payment date, unpaid ones (open or written
 * off) as of today. So paying an overdue invoice today leaves its days late unchanged.
 */
export function daysLate(invoice: InvoiceFact, asOf: string): number {
  const settled = invoice.status === 'paid' && invoice.paidOn ? invoice.paidOn : asOf;
  return Math.max(0, daysBetween(invoice.dueOn, settled));
}

const counted = (invoice: InvoiceFact) =>
  invoice.status === 'open' || invoice.status === 'paid' || invoice.status === 'written_off';

export function summariseInvoices(invoices: readonly InvoiceFact[], asOf: string): CurrencyFacts[] {
  const byCurrency = new Map<string, CurrencyFacts>();
  for (const invoice of invoices) {
    if (!counted(invoice)) continue;
    let facts = byCurrency.get(invoice.currency);
    if (!facts) {
      facts = {
        currency: invoice.currency,
        openMinor: 0n,
        overdueMinor: 0n,
        behaviourAmountMinor: 0n,
        behaviourAmountDays: 0n,
        thisQuarterDays: 0,
        thisQuarterCount: 0,
        lastQuarterDays: 0,
        lastQuarterCount: 0,
        maxDaysOverdue: 0,
        firstIssuedOn: null,
      };
      byCurrency.set(invoice.currency, facts);
    }
    if (facts.firstIssuedOn === null || invoice.issuedOn < facts.firstIssuedOn) {
      facts.firstIssuedOn = invoice.issuedOn;
    }
    if (invoice.status === 'open' && invoice.balanceMinor > 0n) {
      facts.openMinor += invoice.balanceMinor;
      if (invoice.dueOn < asOf) {
        facts.overdueMinor += invoice.balanceMinor;
        facts.maxDaysOverdue = Math.max(facts.maxDaysOverdue, daysBetween(invoice.dueOn, asOf));
      }
    }
    const age = daysBetween(invoice.dueOn, asOf);
    if (age < 0 || age >= 365) continue;
    const late = daysLate(invoice, asOf);
    facts.behaviourAmountMinor += invoice.amountMinor;
    facts.behaviourAmountDays += invoice.amountMinor * BigInt(late);
    if (age < 90) {
      facts.thisQuarterDays += late;
      facts.thisQuarterCount += 1;
    } else if (age < 180) {
      facts.lastQuarterDays += late;
      facts.lastQuarterCount += 1;
    }
  }
  return [...byCurrency.values()];
}
