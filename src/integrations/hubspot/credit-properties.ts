// The "Credit" property group Creditline owns on companies and deals, and how neutral credit values
// map onto its property names.

import type { CreditObjectType } from '../crm.ts';

export const CREDIT_GROUP = { name: 'creditline_credit', label: 'Credit', displayOrder: -1 };

export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'number' | 'string' | 'date' | 'enumeration';
  fieldType: 'number' | 'text' | 'textarea' | 'date' | 'select';
  description: string;
  /** The 2026-09 API requires `displayOrder` and `hidden` on every option. */
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

const options = (values: readonly string[]) =>
  values.map((value, index) => ({
    label: value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase()),
    value,
    displayOrder: index,
    hidden: false,
  }));

/** Neutral value key → HubSpot property definition. */
export const CREDIT_PROPERTIES: Record<CreditObjectType, Record<string, PropertyDefinition>> = {
  company: {
    creditLimit: {
      name: 'creditline_credit_limit',
      label: 'Credit limit',
      type: 'number',
      fieldType: 'number',
      description: 'Approved credit limit, in the currency of the credit profile (set by Creditline)',
    },
    availableCredit: {
      name: 'creditline_available_credit',
      label: 'Available credit',
      type: 'number',
      fieldType: 'number',
      description: 'Credit limit minus exposure (set by Creditline)',
    },
    exposure: {
      name: 'creditline_exposure',
      label: 'Exposure',
      type: 'number',
      fieldType: 'number',
      description: 'Open invoices plus committed deals (set by Creditline)',
    },
    creditScore: {
      name: 'creditline_credit_score',
      label: 'Credit score',
      type: 'number',
      fieldType: 'number',
      description: 'Credit score 0-100 (set by Creditline)',
    },
    riskLevel: {
      name: 'creditline_risk_level',
      label: 'Risk level',
      type: 'enumeration',
      fieldType: 'select',
      description: 'Risk level (set by Creditline)',
      options: options(['low', 'medium', 'high', 'critical']),
    },
    riskFlags: {
      name: 'creditline_risk_flags',
      label: 'Risk flags',
      type: 'string',
      fieldType: 'textarea',
      description: 'Active risk flags, separated by semicolons (set by Creditline)',
    },
    paymentTerms: {
      name: 'creditline_payment_terms',
      label: 'Payment terms (days)',
      type: 'number',
      fieldType: 'number',
      description: 'Payment terms in days (set by Creditline)',
    },
    nextReviewDate: {
      name: 'creditline_next_review_date',
      label: 'Next credit review',
      type: 'date',
      fieldType: 'date',
      description: 'Date of the next credit review (set by Creditline)',
    },
  },
  deal: {
    creditStatus: {
      name: 'creditline_credit_status',
      label: 'Credit status',
      type: 'enumeration',
      fieldType: 'select',
      description: 'Credit check status of the deal (set by Creditline)',
      options: options(['ok', 'hold', 'pending_approval', 'approved', 'denied']),
    },
    creditCheckNote: {
      name: 'creditline_credit_check_note',
      label: 'Credit check note',
      type: 'string',
      fieldType: 'textarea',
      description: 'Why the credit check decided as it did (set by Creditline)',
    },
  },
};

export const CREDIT_OBJECT: Record<CreditObjectType, 'companies' | 'deals'> = {
  company: 'companies',
  deal: 'deals',
};

/** Neutral values → HubSpot properties; HubSpot clears a property when sent an empty string. */
export function toHubspotProperties(type: CreditObjectType, values: Record<string, string | null>) {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const definition = CREDIT_PROPERTIES[type][key];
    if (definition) properties[definition.name] = value ?? '';
  }
  return properties;
}
