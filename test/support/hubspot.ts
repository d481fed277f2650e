// Shared pieces for HubSpot tests: a config pointing at the fake portal, a Crm with its own budget,
// and a deterministic portal fixture with ids past 2^53, string values and nulls.

import type { Config } from '../../src/config/schema.ts';
import type { Crm } from '../../src/integrations/crm.ts';
import { createHubspotCrm } from '../../src/integrations/hubspot/client.ts';
import { RateBudget, type RateBudgetOptions } from '../../src/integrations/hubspot/rate-budget.ts';
import { type FakePortal, TEST_ACCESS_TOKEN } from '../msw/hubspot.ts';
import { testConfig } from './app.ts';

export const CLIENT_SECRET = 'hubspot-client-secret-for-tests';

export function hubspotConfig(overrides: Record<string, string> = {}): Config {
  return testConfig({
    HUBSPOT_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    HUBSPOT_MAX_RETRIES: '3',
    HUBSPOT_TIMEOUT_MS: '2000',
    ...overrides,
  });
}

/** A Crm with a budget of its own, generous unless given (tests that are about the budget pass theirs). */
export function testCrm(
  config: Config,
  limits: RateBudgetOptions = { perTenSeconds: 100_000, searchPerSecond: 1_000 },
): Crm {
  return createHubspotCrm(config, new RateBudget(limits));
}

/** Ids above Number.MAX_SAFE_INTEGER, so any float round-trip would corrupt them. */
export const bigId = (prefix: number, index: number) =>
  `${prefix}00719925474099${String(index).padStart(4, '0')}`;

export interface PortalSizes {
  companies: number;
  contacts: number;
  deals: number;
  invoices: number;
}

export function seedPortal(
  portal: FakePortal,
  sizes: PortalSizes,
  base = Date.parse('2026-01-01T00:00:00Z'),
) {
  const at = (i: number) => new Date(base + i * 1000).toISOString();
  portal.owners.push({
    id: '501',
    email: 'ana@example.com',
    firstName: 'Ana',
    lastName: 'Ng',
    archived: false,
  });
  for (let i = 0; i < sizes.companies; i++) {
    portal.put(
      'companies',
      bigId(1, i),
      {
        name: `Company ${i}`,
        domain: `c${i}.example.com`,
        industry: null,
        country: 'DE',
        hubspot_owner_id: i % 2 ? '501' : null,
      },
      at(i),
    );
  }
  for (let i = 0; i < sizes.contacts; i++) {
    portal.put(
      'contacts',
      bigId(2, i),
      { email: `p${i}@example.com`, firstname: `P${i}`, lastname: null },
      at(i),
      {
        companies: [bigId(1, i % sizes.companies)],
      },
    );
  }
  for (let i = 0; i < sizes.deals; i++) {
    portal.put(
      'deals',
      bigId(3, i),
      {
        dealname: `Deal ${i}`,
        amount: i % 7 === 0 ? null : `${1000 + i}.5`,
        deal_currency_code: 'EUR',
        pipeline: 'default',
        dealstage: i % 3 === 0 ? 'closedwon' : 'contractsent',
        closedate: '2026-03-01T00:00:00.000Z',
        hs_is_closed: i % 3 === 0 ? 'true' : 'false',
        hs_is_closed_won: i % 3 === 0 ? 'true' : 'false',
        hubspot_owner_id: '501',
      },
      at(i),
      {
        companies: [bigId(1, i % sizes.companies)],
        contacts: [bigId(2, i % sizes.contacts), bigId(2, (i + 1) % sizes.contacts)],
      },
    );
  }
  for (let i = 0; i < sizes.invoices; i++) {
    portal.put(
      'invoices',
      bigId(4, i),
      {
        hs_number: `INV-${i}`,
        hs_currency: 'EUR',
        hs_amount_billed: `${200 + i}.25`,
        hs_balance_due: i % 4 === 0 ? '0' : `${200 + i}.25`,
        hs_invoice_date: '2026-02-01',
        hs_due_date: '2026-03-03',
        hs_invoice_status: i % 4 === 0 ? 'paid' : 'open',
        hs_payment_date: i % 4 === 0 ? '2026-02-20T10:00:00Z' : null,
      },
      at(i),
      { companies: [bigId(1, i % sizes.companies)], deals: [bigId(3, i % sizes.deals)] },
    );
  }
}
