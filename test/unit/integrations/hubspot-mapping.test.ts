import { describe, expect, it } from 'vitest';
import { isRejected } from '../../../src/integrations/crm.ts';
import { toCrmRecord } from '../../../src/integrations/hubspot/mapping.ts';
import { parseWebhookBody } from '../../../src/integrations/hubspot/webhook-events.ts';

const invoice = (properties: Record<string, string | null>) => ({
  id: '90071992547409931',
  updatedAt: '2026-05-01T10:00:00.000Z',
  properties: {
    hs_currency: 'EUR',
    hs_amount_billed: '1250.50',
    hs_balance_due: null,
    hs_invoice_date: '2026-04-30',
    hs_due_date: '1780185600000',
    hs_invoice_status: 'open',
    ...properties,
  },
  associations: {
    companies: {
      results: [
        { id: '9', type: 'invoice_to_company_unlabeled' },
        { id: '8', type: 'invoice_to_company' },
      ],
    },
  },
});

describe('HubSpot record mapping', () => {
  it('reads amounts exactly, dates strictly, ids as text, and the primary association first', () => {
    const record = toCrmRecord('invoices', invoice({}), 'USD');
    expect(record).toMatchObject({
      id: '90071992547409931',
      currency: 'EUR',
      amountMinor: 125050n,
      balanceMinor: 125050n,
      issuedOn: '2026-04-30',
      dueOn: '2026-05-31',
      status: 'open',
      companyId: '8',
    });
  });

  it('reads a negative balance due as nothing owed, never a negative balance', () => {
    const record = toCrmRecord(
      'invoices',
      invoice({ hs_balance_due: '-20.00', hs_invoice_status: 'paid' }),
      'USD',
    );
    expect(record).toMatchObject({ amountMinor: 125050n, balanceMinor: 0n, status: 'paid' });
  });

  it('marks a record with an unreadable value instead of guessing', () => {
    const cases: Record<string, string>[] = [
      { hs_amount_billed: '1,250.50' },
      { hs_amount_billed: '12.505' },
      { hs_invoice_date: '2026-02-30' },
      { hs_invoice_status: 'sent' },
      { hs_currency: 'euro' },
    ];
    for (const properties of cases) {
      const record = toCrmRecord('invoices', invoice(properties), 'USD');
      expect(isRejected(record), JSON.stringify(properties)).toBe(true);
    }
  });

  it('rounds extra decimals of a deal amount half-even and reads flags strictly', () => {
    const deal = (amount: string, closed = 'false') =>
      toCrmRecord(
        'deals',
        {
          id: '1',
          updatedAt: '2026-05-01T00:00:00Z',
          properties: { amount, deal_currency_code: 'USD', hs_is_closed: closed },
        },
        'USD',
      );
    expect(deal('10.005')).toMatchObject({ amount: { minor: 1000n, currency: 'USD' } });
    expect(deal('10.015')).toMatchObject({ amount: { minor: 1002n, currency: 'USD' } });
    expect(isRejected(deal('10', 'yes'))).toBe(true);
  });

  it('keeps webhook object ids beyond 2^53 as their exact digits', () => {
    const {
      events: [event],
    } = parseWebhookBody(
      '[{"eventId":1,"subscriptionId":2,"portalId":3,"occurredAt":1764158400000,"subscriptionType":"object.creation","objectTypeId":"0-2","objectId":90071992547409931}]',
    );
    expect(event?.objectId).toBe('90071992547409931');
  });
});
