import { describe, expect, it } from 'vitest';
import { isRejected } from '../../../src/integrations/crm.ts';
import { toCrmOwner, toCrmRecord } from '../../../src/integrations/hubspot/mapping.ts';
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

  it('names what is wrong: a changed property type, a date out of range or unreal, an unknown currency', () => {
    const problem = (properties: Record<string, unknown>) => {
      const record = toCrmRecord(
        'invoices',
        { ...invoice({}), properties: { ...invoice({}).properties, ...properties } },
        'USD',
      );
      return isRejected(record) ? record.problem : null;
    };
    expect(problem({ hs_amount_billed: 1250.5 })).toBe('hs_amount_billed is a number, not text');
    expect(problem({ hs_number: ['INV-1'] })).toBe('hs_number is a list, not text');
    expect(problem({ hs_number: 'INV\u0000' })).toBe('hs_number holds a character that cannot be stored');
    expect(problem({ hs_number: 'INV \uDC00' })).toBe('hs_number holds a character that cannot be stored');
    expect(problem({ hs_amount_billed: '9223372036854775808' })).toBe(
      '"9223372036854775808" is too large an amount',
    );
    expect(problem({ hs_currency: 'XYZ' })).toBe('hs_currency "XYZ" is not a known ISO 4217 currency');
    expect(problem({ hs_currency: null })).toBe('hs_currency is empty');
    expect(problem({ hs_invoice_date: '1899-12-31' })).toBe(
      'hs_invoice_date "1899-12-31" is outside 1900–2999',
    );
    expect(problem({ hs_invoice_date: '0000-01-01' })).toBe(
      'hs_invoice_date "0000-01-01" is outside 1900–2999',
    );
    expect(problem({ hs_due_date: '2026-02-29T10:00:00Z' })).toBe(
      'hs_due_date "2026-02-29T10:00:00Z" is not a timestamp',
    );
    expect(problem({ hs_due_date: '2026-01-01T24:00:00Z' })).toBe(
      'hs_due_date "2026-01-01T24:00:00Z" is not a timestamp',
    );
    expect(problem({ hs_due_date: '32503680000000' })).toBe(
      'hs_due_date "32503680000000" is outside 1900–2999',
    );
    // Values that are merely unusual stay valid: lower-case codes, a leap day, a time with an offset.
    expect(
      problem({
        hs_currency: 'eur',
        hs_invoice_date: '2028-02-29',
        hs_due_date: '2028-03-01T23:30:00-02:00',
      }),
    ).toBeNull();
  });

  it('rejects a record whose envelope is unusable, keeping what was received', () => {
    const rejected = (raw: unknown) => {
      const record = toCrmRecord('invoices', raw, 'USD');
      return isRejected(record)
        ? { id: record.id, problem: record.problem, received: record.received }
        : null;
    };
    expect(rejected({ ...invoice({}), id: undefined })).toMatchObject({
      id: '',
      problem: 'the record has no usable id',
    });
    expect(rejected({ ...invoice({}), properties: 'none' })).toMatchObject({
      id: '90071992547409931',
      problem: 'the record has no properties',
    });
    expect(rejected({ ...invoice({}), updatedAt: 1 })).toMatchObject({ problem: 'updatedAt is not text' });
    expect(
      rejected({ ...invoice({}), associations: { companies: { results: [{ id: null }] } } }),
    ).toMatchObject({
      problem: 'its associations are malformed',
      received: { hs_currency: 'EUR' },
    });
    expect(rejected('not an object')).toMatchObject({ id: '', problem: 'the record is not an object' });
  });

  it('reads owners strictly too, rejecting one without a usable id', () => {
    expect(toCrmOwner({ id: '501', email: ' ana@example.com ', firstName: '', lastName: null })).toEqual({
      id: '501',
      email: 'ana@example.com',
      firstName: null,
      lastName: null,
      archived: false,
    });
    expect(toCrmOwner({ email: 'x@example.com' })).toMatchObject({
      id: '',
      problem: 'the owner has no usable id',
    });
    expect(toCrmOwner({ id: '7', email: 42 })).toMatchObject({
      id: '7',
      problem: 'email is a number, not text',
    });
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
