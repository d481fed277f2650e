// Turns HubSpot object JSON into Creditline's neutral CRM records. Vendor shapes stop here.

import { z } from 'zod';
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
  CrmRejected,
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
  /** Set when the envelope itself is unusable: the object is rejected without reading its values. */
  problem?: string;
}

/** HubSpot record ids are digit strings (beyond 2^53, so never read as numbers unless they are small). */
const RecordId = z.union([
  z.string().regex(/^\d{1,40}$/),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);

const Associations = z.record(
  z.string(),
  z.looseObject({
    results: z.array(z.looseObject({ id: RecordId, type: z.string().optional() })).optional(),
  }),
);

/**
 * Checks the envelope of one object without throwing: an object with no usable id, no properties, a
 * modification time that is not text or associations of the wrong shape comes back with a `problem`,
 * and is rejected on its own instead of failing the page it came in. Its values are read by the mappers.
 */
export function asHubspotObject(value: unknown): HubspotObject {
  if (isHubspotObject(value)) return value;
  const object = checkEnvelope(value);
  checked.add(object);
  return object;
}

function checkEnvelope(value: unknown): HubspotObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: '', properties: {}, problem: 'the record is not an object' };
  }
  const record = value as Record<string, unknown>;
  const id = RecordId.safeParse(record.id);
  const rawId = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : '';
  const problem = (reason: string): HubspotObject => ({
    id: id.success ? String(id.data) : rawId.length <= 100 ? rawId : '',
    properties: isProperties(record.properties) ? record.properties : {},
    problem: reason,
  });
  if (!id.success) return problem('the record has no usable id');
  if (!isProperties(record.properties)) return problem('the record has no properties');
  if (record.updatedAt !== undefined && record.updatedAt !== null && typeof record.updatedAt !== 'string') {
    return problem('updatedAt is not text');
  }
  const associations = Associations.optional().nullable().safeParse(record.associations);
  if (!associations.success) return problem('its associations are malformed');
  return {
    ...(record as object),
    id: String(id.data),
    properties: record.properties,
    updatedAt: record.updatedAt ?? undefined,
    associations: associations.data ?? undefined,
  } as HubspotObject;
}

/** Objects already checked (search and batch reads check them before their associations are attached). */
const checked = new WeakSet<object>();

function isHubspotObject(value: unknown): value is HubspotObject {
  return typeof value === 'object' && value !== null && checked.has(value);
}

function isProperties(value: unknown): value is Properties {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    const currency = currencyCode(object.properties, 'hs_currency', null);
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
  const received = isProperties(raw) && isProperties(raw.properties) ? raw.properties : raw;
  let updatedAt = new Date(0);
  if (object.problem) return { id: object.id, updatedAt, problem: object.problem, received };
  try {
    updatedAt = modifiedAt(type, object);
    const fields = (mappers[type] as Mapper<T>)(object, defaultCurrency);
    return { id: object.id, updatedAt, ...fields } as CrmRecordOf[T];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { id: object.id, updatedAt, problem: error.message, received };
  }
}

/** One owner; like records, an owner that cannot be read strictly is rejected on its own. */
export function toCrmOwner(raw: unknown): CrmOwner | CrmRejected {
  const epoch = new Date(0);
  if (!isProperties(raw))
    return { id: '', updatedAt: epoch, problem: 'the owner is not an object', received: raw };
  const id = RecordId.safeParse(raw.id);
  if (!id.success) {
    const rawId = typeof raw.id === 'string' && raw.id.length <= 100 ? raw.id : '';
    return { id: rawId, updatedAt: epoch, problem: 'the owner has no usable id', received: raw };
  }
  try {
    return {
      id: String(id.data),
      email: text(raw, 'email'),
      firstName: text(raw, 'firstName'),
      lastName: text(raw, 'lastName'),
      archived: raw.archived === true,
    };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { id: String(id.data), updatedAt: epoch, problem: error.message, received: raw };
  }
}
