// What the adapter reads about the portal and the install: currencies and exchange rates (exact
// decimals), account details, the token's scopes, the portal's rate limit, the Credit group, notes,
// and a clear error naming the scope when the install lacks one.

import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubspotMissingScopesError, HubspotResponseError } from '../../../src/integrations/hubspot/errors.ts';
import { FakePortal } from '../../msw/hubspot.ts';
import { projectScopes } from '../../msw/hubspot-gate.ts';
import { CLIENT_SECRET, hubspotConfig, testCrm } from '../../support/hubspot.ts';

const portal = new FakePortal();
const server = setupServer(...portal.handlers());
const CLIENT_ID = '5a0c6f1e-2d5b-4c7a-9f3e-1b2c3d4e5f60';

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  portal.gate.grantedScopes = new Set(projectScopes());
  portal.exchangeRates = [];
  portal.oauthApp = null;
  portal.introspectionListsScopes = true;
});
afterAll(() => server.close());

const rate = (id: number, from: string, conversionRate: unknown) => ({
  id: String(id),
  fromCurrencyCode: from,
  toCurrencyCode: 'EUR',
  conversionRate,
  effectiveAt: '2026-11-01T00:00:00Z',
  createdAt: '2026-10-31T08:00:00Z',
  updatedAt: '2026-10-31T08:00:00Z',
  visibleInUI: true,
});

describe('portal settings', () => {
  it('reads the company currency and the current rates as exact decimal strings', async () => {
    portal.companyCurrency = 'EUR';
    portal.exchangeRates = [rate(1, 'USD', 0.921634), rate(2, 'JPY', 0.0000061), rate(3, 'GBP', 1.17)];
    const crm = testCrm(hubspotConfig());
    expect(await crm.companyCurrency()).toBe('EUR');
    expect(await crm.currentExchangeRates()).toEqual([
      {
        id: '1',
        fromCurrency: 'USD',
        toCurrency: 'EUR',
        rate: '0.921634',
        effectiveAt: new Date('2026-11-01T00:00:00Z'),
      },
      {
        id: '2',
        fromCurrency: 'JPY',
        toCurrency: 'EUR',
        rate: '0.0000061',
        effectiveAt: new Date('2026-11-01T00:00:00Z'),
      },
      {
        id: '3',
        fromCurrency: 'GBP',
        toCurrency: 'EUR',
        rate: '1.17',
        effectiveAt: new Date('2026-11-01T00:00:00Z'),
      },
    ]);
  });

  it('refuses a rate that is not a positive number rather than guess', async () => {
    portal.exchangeRates = [rate(1, 'USD', 0.92), rate(2, 'CHF', 0)];
    await expect(testCrm(hubspotConfig()).currentExchangeRates()).rejects.toBeInstanceOf(
      HubspotResponseError,
    );
  });

  it('reads account details with the portal id as text', async () => {
    portal.companyCurrency = 'EUR';
    expect(await testCrm(hubspotConfig()).accountDetails()).toEqual({
      portalId: '8675309',
      accountType: 'STANDARD',
      companyCurrency: 'EUR',
      timeZone: 'Europe/Berlin',
      uiDomain: 'app-eu1.hubspot.com',
    });
  });

  it('answers 403 MISSING_SCOPES for a scope the install lacks, and the error names it', async () => {
    portal.gate.grantedScopes.delete('settings.currencies.read');
    const error = await testCrm(hubspotConfig())
      .companyCurrency()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubspotMissingScopesError);
    expect(error).toMatchObject({
      httpStatus: 403,
      requiredScopes: ['settings.currencies.read'],
      retryable: false,
    });
  });
});

describe('install checks', () => {
  it('asks HubSpot for the token’s scopes with the app’s client id and secret', async () => {
    portal.oauthApp = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
    const crm = testCrm(hubspotConfig({ HUBSPOT_CLIENT_ID: CLIENT_ID }));
    const info = await crm.accessTokenInfo();
    expect(info.active).toBe(true);
    expect([...(info.scopes ?? [])].sort()).toEqual([...projectScopes()].sort());
  });

  it('says why it cannot tell the scopes: no client id, an answer without scopes, a refusal', async () => {
    const without = await testCrm(hubspotConfig()).accessTokenInfo();
    expect(without).toMatchObject({ scopes: null, reason: expect.stringContaining('HUBSPOT_CLIENT_ID') });

    portal.oauthApp = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
    portal.introspectionListsScopes = false;
    const bare = await testCrm(hubspotConfig({ HUBSPOT_CLIENT_ID: CLIENT_ID })).accessTokenInfo();
    expect(bare).toMatchObject({ scopes: null, active: true, reason: expect.stringContaining('no scopes') });

    const wrong = await testCrm(hubspotConfig({ HUBSPOT_CLIENT_ID: 'another-app' })).accessTokenInfo();
    expect(wrong).toMatchObject({ scopes: null, active: null, reason: expect.stringContaining('400') });
  });

  it('reports the portal’s rate limit once a response has told it', async () => {
    const crm = testCrm(hubspotConfig());
    expect(crm.rateLimit()).toBeNull();
    portal.gate.rateLimit = { max: 100, intervalMs: 10_000, enforce: false };
    await crm.listOwners(null);
    expect(crm.rateLimit()).toMatchObject({ max: 100, intervalMs: 10_000, budget: 95 });
    portal.gate.rateLimit = { max: 190, intervalMs: 10_000, enforce: false };
  });

  it('tells whether the Credit property group exists, and creates a note on a company', async () => {
    const crm = testCrm(hubspotConfig());
    expect(await crm.creditPropertyGroupExists('company')).toBe(false);
    await crm.ensureCreditProperties();
    expect(await crm.creditPropertyGroupExists('company')).toBe(true);
    expect(await crm.creditPropertyGroupExists('deal')).toBe(true);

    const note = await crm.createNote({
      ownerCrmId: '501',
      companyCrmId: '9007199254740993',
      body: 'Customer disputes INV-7',
      at: new Date('2026-11-26T12:00:00Z'),
    });
    expect(note.id).toMatch(/^\d+$/);
    expect(portal.notes.at(-1)).toMatchObject({
      properties: { hs_note_body: 'Customer disputes INV-7', hs_timestamp: '2026-11-26T12:00:00.000Z' },
      associations: [
        {
          to: { id: '9007199254740993' },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 190 }],
        },
      ],
    });
  });
});
