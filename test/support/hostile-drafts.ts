// Draft arbitraries for hostile HubSpot records, one per object type: the values a record carries and,
// for a share of them, the one way it is broken (see hostile-values.ts). hostile-hubspot.ts turns
// drafts into served records and knows what a sync must make of each.

import fc from 'fast-check';
import {
  type Breaker,
  badAmount,
  badAssociations,
  badCurrency,
  badDate,
  brokenOr,
  calendarDate,
  decimal,
  defect,
  ID_FAULTS,
  setProperty,
  text,
  wrongType,
} from './hostile-values.ts';

/** An association target: a record generated here (by index), one never synced, or none. */
export const target = fc.oneof(fc.nat(), fc.constant(-1), fc.constant(-2));
export const pick = (ids: readonly string[], choice: number): string | null =>
  choice === -1 || ids.length === 0
    ? null
    : choice === -2
      ? '99999999999'
      : (ids[choice % ids.length] ?? null);

export const companyDraft = fc.record({
  name: text,
  domain: text,
  country: text,
  owner: fc.constantFrom(null, '', '501', '999999', 'not-an-owner'),
  broken: brokenOr(defect(['name', 'domain', 'industry', 'country', 'hubspot_owner_id'])),
  idFault: ID_FAULTS,
});

export const contactDraft = fc.record({
  email: text,
  first: text,
  company: target,
  broken: brokenOr(
    defect(['email', 'firstname', 'lastname', 'phone', 'jobtitle'], [badAssociations('companies')]),
  ),
  idFault: ID_FAULTS,
});

export const dealDraft = fc.record({
  name: text,
  currency: fc.constantFrom(null, 'EUR', 'USD', 'usd', 'JPY'),
  amount: fc.oneof(fc.constant(null), fc.constant(''), decimal(2)),
  stage: fc.oneof(text, fc.constant('some-unknown-stage')),
  close: fc.oneof(fc.constant(null), fc.constant(''), calendarDate),
  closed: fc.constantFrom(null, '', 'true', 'false'),
  company: target,
  broken: brokenOr(
    defect(
      ['dealname', 'amount', 'deal_currency_code', 'pipeline', 'dealstage', 'closedate', 'hs_is_closed'],
      [
        badAmount.map((value) => setProperty('amount', value)),
        badCurrency.map((value) => setProperty('deal_currency_code', value)),
        badDate.map((value) => setProperty('closedate', value)),
        fc.constantFrom('yes', 'TRUE', '1').map((value) => setProperty('hs_is_closed', value)),
        badAssociations('companies'),
        badAssociations('contacts'),
      ],
    ),
  ),
  idFault: ID_FAULTS,
});

export const invoiceDraft = fc.record({
  currency: fc.constantFrom('EUR', 'USD', 'eur'),
  billed: decimal(2),
  balance: fc.oneof(fc.constant(null), fc.constant(''), decimal(2)),
  status: fc.constantFrom('draft', 'open', 'paid', 'voided'),
  issued: calendarDate,
  due: fc.oneof(fc.constant(null), calendarDate),
  number: text,
  company: target,
  broken: brokenOr(
    defect(
      ['hs_number', 'hs_currency', 'hs_amount_billed', 'hs_invoice_status', 'hs_invoice_date', 'hs_due_date'],
      [
        badAmount.map((value) => setProperty('hs_amount_billed', value)),
        fc.constantFrom('12.345', '0.001').map((value) => setProperty('hs_amount_billed', value)),
        fc.constantFrom(null, '', ' ').map((value) => setProperty('hs_amount_billed', value)),
        badCurrency.map((value) => setProperty('hs_currency', value)),
        fc.constantFrom(null, '').map((value) => setProperty('hs_currency', value)),
        fc.constantFrom('pending', 'PAID', 'void').map((value) => setProperty('hs_invoice_status', value)),
        badDate.map((value) => setProperty('hs_invoice_date', value)),
        fc.constantFrom(null, '').map((value) => setProperty('hs_invoice_date', value)),
        badAssociations('companies'),
      ],
    ),
  ),
  idFault: ID_FAULTS,
});

export const ownerDraft = fc.record({
  email: text,
  first: text,
  broken: brokenOr(
    fc.oneof(
      fc.record({ name: fc.constantFrom('email', 'firstName', 'lastName'), value: wrongType }).map(
        ({ name, value }): Breaker =>
          (raw) => ({ ...raw, [name]: value }),
      ),
      fc.constantFrom('email', 'firstName').map(
        (name): Breaker =>
          (raw) => ({ ...raw, [name]: 'nul\u0000' }),
      ),
    ),
  ),
  idFault: ID_FAULTS,
});
