// HubSpot property and association names Creditline reads, per object type.

import type { CrmObjectType } from '../crm.ts';

export const READ_PROPERTIES: Record<CrmObjectType, readonly string[]> = {
  companies: [
    'name',
    'domain',
    'industry',
    'country',
    'hubspot_owner_id',
    'hs_merged_object_ids',
    'hs_lastmodifieddate',
  ],
  contacts: ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'lastmodifieddate'],
  deals: [
    'dealname',
    'amount',
    'deal_currency_code',
    'pipeline',
    'dealstage',
    'closedate',
    'hs_is_closed',
    'hs_is_closed_won',
    'hubspot_owner_id',
    'hs_lastmodifieddate',
  ],
  invoices: [
    'hs_number',
    'hs_currency',
    'hs_amount_billed',
    'hs_balance_due',
    'hs_invoice_date',
    'hs_due_date',
    'hs_invoice_status',
    'hs_payment_date',
    'hs_lastmodifieddate',
  ],
};

/** Contacts keep their modification time in `lastmodifieddate`; every other object in `hs_lastmodifieddate`. */
export const MODIFIED_PROPERTY: Record<CrmObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  invoices: 'hs_lastmodifieddate',
};

/** Associations requested with each list page (and batch-read through the v4 associations API). */
export const READ_ASSOCIATIONS: Record<CrmObjectType, readonly CrmObjectType[]> = {
  companies: [],
  contacts: ['companies'],
  deals: ['companies', 'contacts'],
  invoices: ['companies', 'deals'],
};
