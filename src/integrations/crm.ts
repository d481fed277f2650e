// The CRM as the rest of Creditline sees it: neutral records and verbs. Only integrations/hubspot/
// knows HubSpot's paths, property names and payload shapes.

export const CRM_OBJECT_TYPES = ['companies', 'contacts', 'deals', 'invoices'] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];
export type CreditObjectType = 'company' | 'deal';

interface CrmRecordBase {
  /** CRM ids are numeric strings that may exceed 2^53: always text. */
  id: string;
  updatedAt: Date;
}

/**
 * A record whose values could not be read strictly: never guessed at, but kept aside with its reason
 * and what was received (sync_rejections), so one bad record never stops a page.
 */
export interface CrmRejected {
  /** Empty when the record had no usable id. */
  id: string;
  /** The epoch when the record's own modification time could not be read. */
  updatedAt: Date;
  problem: string;
  /** The record's properties as received (the whole record when it had none). */
  received: unknown;
}

export interface CrmCompany extends CrmRecordBase {
  name: string;
  domain: string | null;
  industry: string | null;
  country: string | null;
  ownerId: string | null;
  /** Ids of records merged into this one (they no longer exist on their own). */
  mergedIds: string[];
}

export interface CrmContact extends CrmRecordBase {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  jobTitle: string | null;
  companyId: string | null;
}

export interface CrmAmount {
  minor: bigint;
  currency: string;
}

export interface CrmDeal extends CrmRecordBase {
  name: string;
  amount: CrmAmount | null;
  pipeline: string | null;
  stage: string | null;
  closeDate: string | null;
  isClosed: boolean;
  isWon: boolean;
  ownerId: string | null;
  companyId: string | null;
  contactIds: string[];
}

export type CrmInvoiceStatus = 'draft' | 'open' | 'paid' | 'void';

export interface CrmInvoice extends CrmRecordBase {
  number: string | null;
  currency: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  issuedOn: string;
  dueOn: string;
  paidOn: string | null;
  status: CrmInvoiceStatus;
  companyId: string | null;
  dealId: string | null;
}

export interface CrmOwner {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  archived: boolean;
}

export interface CrmRecordOf {
  companies: CrmCompany;
  contacts: CrmContact;
  deals: CrmDeal;
  invoices: CrmInvoice;
}

export type CrmResult<T extends CrmObjectType> = CrmRecordOf[T] | CrmRejected;

export function isRejected<T extends { id: string }>(record: T | CrmRejected): record is CrmRejected {
  return 'problem' in record;
}

export interface CrmPage<T> {
  records: T[];
  /** Cursor for the next page, null on the last one. */
  next: string | null;
}

export interface CrmSearchPage<T> extends CrmPage<T> {
  total: number;
}

/** The credit values Creditline shows on a CRM record; null clears the field. */
export type CreditValues = Record<string, string | null>;

export interface CreditUpdate {
  crmId: string;
  values: CreditValues;
}

/** A record the CRM will not take with these values (its validation rules, a bad value). */
export interface CreditRefusal {
  crmId: string;
  /** The CRM's error category, e.g. VALIDATION_ERROR, and its message. */
  category: string;
  message: string;
  /** The values as the CRM was sent them, under its own field names. */
  properties: Record<string, string>;
}

export interface CreditUpdateResult {
  updated: string[];
  /** Records the CRM no longer has (merged away or deleted): not an error for the batch. */
  missing: string[];
  /** Records the CRM refused: sending the same values again would be refused again. */
  refused: CreditRefusal[];
  /** Records the CRM said nothing definite about (a passing failure): to be tried again. */
  unsettled: string[];
}

export interface CrmTask {
  ownerCrmId: string | null;
  companyCrmId: string;
  subject: string;
  body: string;
  dueAt: Date;
}

export interface CrmNote {
  ownerCrmId: string | null;
  companyCrmId: string;
  body: string;
  at: Date;
}

export interface ExchangeRate {
  fromCurrency: string;
  toCurrency: string;
  /** One unit of `fromCurrency` in `toCurrency`, as an exact decimal string (never a float). */
  rate: string;
  effectiveAt: Date | null;
  id: string;
}

export interface CrmAccountDetails {
  portalId: string;
  accountType: string;
  companyCurrency: string;
  timeZone: string;
  uiDomain: string;
}

/** What the CRM says the access token may do; `scopes` is null when it could not be asked. */
export type CrmTokenInfo =
  | { scopes: string[]; active: boolean }
  | { scopes: null; active: boolean | null; reason: string };

/** The portal's request limit as the last response reported it, and the budget taken from it. */
export interface CrmRateLimit {
  max: number;
  intervalMs: number;
  remaining: number | null;
  /** Requests per interval this process allows itself. */
  budget: number;
}

export interface CrmRequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
  errors: number;
}

export interface Crm {
  listPage<T extends CrmObjectType>(
    type: T,
    after: string | null,
    options?: { archived?: boolean },
  ): Promise<CrmPage<CrmResult<T>>>;
  /** Records modified at or after `since`, oldest first. `after` is search's offset cursor. */
  searchModifiedSince<T extends CrmObjectType>(
    type: T,
    since: Date,
    after: string | null,
  ): Promise<CrmSearchPage<CrmResult<T>>>;
  count(type: CrmObjectType): Promise<number>;
  /** Current state of up to 100 records with their associations; ids not returned are gone. */
  batchRead<T extends CrmObjectType>(
    type: T,
    ids: readonly string[],
  ): Promise<{ records: CrmResult<T>[]; missing: string[] }>;
  listOwners(
    after: string | null,
    options?: { archived?: boolean },
  ): Promise<CrmPage<CrmOwner | CrmRejected>>;
  ensureCreditProperties(): Promise<{ created: string[]; updated: string[]; unchanged: string[] }>;
  updateCredit(type: CreditObjectType, updates: readonly CreditUpdate[]): Promise<CreditUpdateResult>;
  createTask(task: CrmTask): Promise<{ id: string }>;
  createNote(note: CrmNote): Promise<{ id: string }>;
  /** The portal's company (home) currency, an ISO 4217 code. */
  companyCurrency(): Promise<string>;
  /** The portal's current exchange rates between its additional currencies and the company currency. */
  currentExchangeRates(): Promise<ExchangeRate[]>;
  accountDetails(): Promise<CrmAccountDetails>;
  /** The scopes the access token was granted, for checking an install. */
  accessTokenInfo(): Promise<CrmTokenInfo>;
  /** Null until a response has reported the portal's limit. */
  rateLimit(): CrmRateLimit | null;
  /** Whether the Credit property group exists on the object type (`creditline hubspot setup` made it). */
  creditPropertyGroupExists(type: CreditObjectType): Promise<boolean>;
  stats(): CrmRequestStats;
}
