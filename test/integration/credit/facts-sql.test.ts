// The set-based SQL that gathers invoice facts must say exactly what the domain definition says.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../../src/db/schema/index.ts';
import { type InvoiceFact, summariseInvoices } from '../../../src/domain/credit/invoice-facts.ts';
import { defaultPolicy } from '../../../src/domain/policy/default-policy.ts';
import { policySchema } from '../../../src/domain/policy/schema.ts';
import { addDays } from '../../../src/lib/dates.ts';
import { loadCreditFacts } from '../../../src/services/credit/load-facts.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeCompany } from './factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const asOf = '2026-11-26';
const invoiceArb = fc.record({
  currency: fc.constantFrom('USD', 'EUR'),
  amountMinor: fc.bigInt({ min: 1n, max: 10_000_000n }),
  dueOffset: fc.integer({ min: -420, max: 40 }),
  paidOffset: fc.integer({ min: -20, max: 90 }),
  status: fc.constantFrom('open', 'paid', 'written_off', 'void', 'draft'),
  partial: fc.boolean(),
});

describe('invoice facts in SQL', () => {
  it('equal summariseInvoices for random invoice sets', async () => {
    const samples = fc.sample(fc.array(invoiceArb, { minLength: 1, maxLength: 25 }), {
      numRuns: 8,
      seed: 42,
    });
    const expected = new Map<string, ReturnType<typeof summariseInvoices>>();
    for (const [index, sample] of samples.entries()) {
      const company = await makeCompany(database.db);
      const rows: InvoiceFact[] = sample.map((draw) => {
        const dueOn = addDays(asOf, draw.dueOffset);
        const paid = addDays(dueOn, draw.paidOffset);
        return {
          currency: draw.currency,
          amountMinor: draw.amountMinor,
          balanceMinor:
            draw.status === 'open' ? (draw.partial ? draw.amountMinor / 2n : draw.amountMinor) : 0n,
          issuedOn: addDays(dueOn, -30),
          dueOn,
          paidOn: draw.status === 'paid' ? (paid < asOf ? paid : asOf) : null,
          status: draw.status as InvoiceFact['status'],
        };
      });
      await database.db.insert(invoices).values(
        rows.map((row, n) => ({
          ...row,
          source: 'prop',
          externalId: `${index}-${n}`,
          companyId: company.id,
          updatedAt: new Date(`${asOf}T12:00:00Z`),
        })),
      );
      expected.set(company.id, summariseInvoices(rows, asOf));
    }
    const policy = policySchema.parse(defaultPolicy);
    const loaded = await loadCreditFacts(database.db, { ids: [...expected.keys()] }, asOf, policy);
    for (const [companyId, facts] of expected) {
      const byCurrency = (list: typeof facts) =>
        [...list].sort((a, b) => a.currency.localeCompare(b.currency));
      expect(byCurrency(loaded.invoices.get(companyId) ?? []), companyId).toEqual(byCurrency(facts));
    }
  });
});
