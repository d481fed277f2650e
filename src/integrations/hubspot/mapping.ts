// Turns HubSpot object JSON into Creditline's neutral CRM records. Vendor shapes stop here.

import { ValidationError } from '../../domain/errors.ts';
import type {
  CrmCompany,
  CrmContact,
  CrmDeal,
  CrmInvoice,
  CrmInvoiceStatus,
  CrmObjectType,
  CrmOwner,
  CrmRecordOf,
  CrmResult,
} from '../crm.ts';
import { amount, currencyCode, date, flag, instant, type Properties, required, text } from './parse.ts';
import { MODIFIED_PROPERTY } from './properties.ts';

export interface HubspotObject {
  id: string;
  properties: Properties;
  updatedAt?: string;
  archived?: boolean;
  /** Associations as returned with list pages (or filled in from the v4 batch read). */
  associations?: Record<
    string,
    { results?: { id: string | number; type?: string }[]; paging?: { next?: { after?: string } } }
  >;
}

/** Checks the envelope of one object; the properties are read strictly by the mappers below. */
export function asHubspotObject(value: unknown): HubspotObject {
  if (typeof value !== 'object' || value === null) throw new ValidationError('CRM object is not an object');
  const record = value as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new ValidationError('CRM object has no id');
  const properties = record.properties;
  if (typeof properties !== 'object' || properties === null) {
    throw new ValidationError(`CRM object ${id} has no properties`);
  }
  return { ...(record as object), id: String(id), properties: properties as Properties } as HubspotObject;
}

function modifiedAt(type: CrmObjectType, object: HubspotObject): Date {
  const value = object.updatedAt ?? text(object.properties, MODIFIED_PROPERTY[type]);
  if (!value) throw new ValidationError(`${type} ${object.id} has no modification time`);
  return instant(value, 'updatedAt');
}

/** Associated ids of one kind, the primary (labelled) association first. */
function associated(object: HubspotObject, key: string): string[] {
  const results = object.associations?.[key]?.results ?? [];
  const primary = results.filter((entry) => !entry.type?.endsWith('_unlabeled'));
  const ids = [...primary, ...results].map((entry) => String(entry.id));
  return [...new Set(ids)];
}

const INVOICE_STATUS: Record<string, CrmInvoiceStatus> = {
  draft: 'draft',
  open: 'open',
  paid: 'paid',
  voided: 'void',
};

type Mapper<T extends CrmObjectType> = (
  object: HubspotObject,
  defaultCurrency: string,
) => Omit<CrmRecordOf[T], 'id' | 'updatedAt'>;

const mappers: { [T in CrmObjectType]: Mapper<T> } = {
  companies: (object): Omit<CrmCompany, 'id' | 'updatedAt'> => ({
    name: text(object.properties, 'name') ?? `HubSpot company ${object.id}`,
    domain: text(object.properties, 'domain'),
    industry: text(object.properties, 'industry'),
    country: text(object.properties, 'country'),
    ownerId: text(object.properties, 'hubspot_owner_id'),
    mergedIds: (text(object.properties, 'hs_merged_object_ids') ?? '').split(';').filter((id) => id !== ''),
  }),
  contacts: (object): Omit<CrmContact, 'id' | 'updatedAt'> => ({
    email: text(object.properties, 'email'),
    firstName: text(object.properties, 'firstname'),
    lastName: text(object.properties, 'lastname'),
    phone: text(object.properties, 'phone'),
    jobTitle: text(object.properties, 'jobtitle'),
    companyId: associated(object, 'companies')[0] ?? null,
  }),
  deals: (object, defaultCurrency): Omit<CrmDeal, 'id' | 'updatedAt'> => {
    const currency = currencyCode(object.properties, 'deal_currency_code', defaultCurrency);
    return {
      name: text(object.properties, 'dealname') ?? `HubSpot deal ${object.id}`,
      // Deal amounts are forecasts typed by people; extra decimals round half-even rather than drop the deal.
      amount: amount(object.properties, 'amount', currency, 'half-even'),
      pipeline: text(object.properties, 'pipeline'),
      stage: text(object.properties, 'dealstage'),
      closeDate: date(object.properties, 'closedate'),
      isClosed: flag(object.properties, 'hs_is_closed'),
      isWon: flag(object.properties, 'hs_is_closed_won'),
      ownerId: text(object.properties, 'hubspot_owner_id'),
      companyId: associated(object, 'companies')[0] ?? null,
      contactIds: associated(object, 'contacts'),
    };
  },
  invoices: (object): Omit<CrmInvoice, 'id' | 'updatedAt'> => {
    const currency = currencyCode(object.properties, 'hs_currency', '');
    const billed = amount(object.properties, 'hs_amount_billed', currency);
    if (!billed) throw new ValidationError('hs_amount_billed is empty');
    const balance = amount(object.properties, 'hs_balance_due', currency) ?? billed;
    const statusText = required(object.properties, 'hs_invoice_status');
    const status = INVOICE_STATUS[statusText];
    if (!status) throw new ValidationError(`hs_invoice_status "${statusText}" is not known`);
    const issuedOn = date(object.properties, 'hs_invoice_date');
    if (!issuedOn) throw new ValidationError('hs_invoice_date is empty');
    return {
      number: text(object.properties, 'hs_number'),
      currency,
      amountMinor: billed.minor,
      // A balance below zero (paid beyond the bill) is a credit HubSpot keeps, not an amount owed; an
      // invoice balance is never stored negative (a database check refuses it).
      balanceMinor: balance.minor < 0n ? 0n : balance.minor,
      issuedOn,
      dueOn: date(object.properties, 'hs_due_date') ?? issuedOn,
      paidOn: date(object.properties, 'hs_payment_date'),
      status,
      companyId: associated(object, 'companies')[0] ?? null,
      dealId: associated(object, 'deals')[0] ?? null,
    };
  },
};

/** Maps one object; a value that does not parse yields a record marked with its problem. */
export function toCrmRecord<T extends CrmObjectType>(
  type: T,
  raw: unknown,
  defaultCurrency: string,
): CrmResult<T> {
  const object = asHubspotObject(raw);
  let updatedAt = new Date(0);
  try {
    updatedAt = modifiedAt(type, object);
    const fields = (mappers[type] as Mapper<T>)(object, defaultCurrency);
    return { id: object.id, updatedAt, ...fields } as CrmRecordOf[T];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { id: object.id, updatedAt, problem: error.message };
  }
}

export function toCrmOwner(raw: unknown): CrmOwner {
  if (typeof raw !== 'object' || raw === null) throw new ValidationError('owner is not an object');
  const owner = raw as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  if (typeof owner.id !== 'string' && typeof owner.id !== 'number') {
    throw new ValidationError('owner has no id');
  }
  return {
    id: String(owner.id),
    email: str(owner.email),
    firstName: str(owner.firstName),
    lastName: str(owner.lastName),
    archived: owner.archived === true,
  };
}
