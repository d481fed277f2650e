// Hostile HubSpot portals for property tests: records that are valid (with nulls, empty strings, stray
// whitespace, unknown enum values where free text is allowed, associations to records never synced) or
// broken in exactly one way (a property whose type changed, an amount that is garbage or beyond 64 bits,
// a currency that is no ISO code, a date out of range or not a date, NUL or a lone surrogate in text, no
// properties, no id, malformed associations), served in pages of a few records with repeats within a
// page and across pages. Each record knows what a sync must make of it.

import fc from 'fast-check';
import { companyDraft, contactDraft, dealDraft, invoiceDraft, ownerDraft, pick } from './hostile-drafts.ts';
import { type Breaker, trimmed } from './hostile-values.ts';

export type HostileType = 'owners' | 'companies' | 'contacts' | 'deals' | 'invoices';

export interface HostileRecord {
  type: HostileType;
  /** What the fake serves. */
  raw: Record<string, unknown>;
  /** The id it is kept under: null when it has none (it is then only counted). */
  key: string | null;
  /** Whether its own values are valid (an invoice also needs a company that synced). */
  valid: boolean;
  /** For valid records: the company it points at, by HubSpot id. */
  companyId: string | null;
  /** Expected stored values of a valid record, by column. */
  expect: Record<string, string | null>;
}

export interface HostilePortal {
  records: HostileRecord[];
  /** Per type, the pages as served: records (repeats included) in order. */
  pages: Record<HostileType, Record<string, unknown>[][]>;
}

const UPDATED_AT = Date.parse('2026-03-01T00:00:00Z');

interface Draft {
  raw: Record<string, unknown>;
  breaker: Breaker | null;
  idFault: 'none' | 'missing' | 'garbage';
  companyId: string | null;
  expect: Record<string, string | null>;
}

function envelope(id: string, properties: Record<string, unknown>, associations?: Record<string, string[]>) {
  return {
    id,
    properties: { ...properties, hs_lastmodifieddate: String(UPDATED_AT) },
    createdAt: new Date(UPDATED_AT).toISOString(),
    updatedAt: new Date(UPDATED_AT).toISOString(),
    archived: false,
    ...(associations
      ? {
          associations: Object.fromEntries(
            Object.entries(associations).map(([type, ids]) => [
              type,
              {
                results: ids.map((to, index) => ({ id: to, type: index === 0 ? 'primary' : 'x_unlabeled' })),
              },
            ]),
          ),
        }
      : {}),
  };
}

const PREFIX: Record<HostileType, string> = {
  owners: '5',
  companies: '1',
  contacts: '2',
  deals: '3',
  invoices: '4',
};

function finish(type: HostileType, drafts: Draft[]): HostileRecord[] {
  return drafts.map((draft, index) => {
    const id = `${PREFIX[type]}${String(index).padStart(6, '0')}`;
    let raw = draft.breaker ? draft.breaker(draft.raw) : draft.raw;
    let key: string | null = id;
    if (draft.idFault === 'missing') {
      const { id: _dropped, ...rest } = raw;
      raw = rest;
      key = null;
    } else if (draft.idFault === 'garbage') {
      key = `id-${type}-${index}`;
      raw = { ...raw, id: key };
    }
    return {
      type,
      raw,
      key,
      valid: draft.breaker === null && draft.idFault === 'none',
      companyId: draft.companyId,
      expect: draft.expect,
    };
  });
}

function ids(type: HostileType, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${PREFIX[type]}${String(index).padStart(6, '0')}`);
}

/** Serves each record once or twice (repeats of the same copy), shuffled, in pages of 1–6. */
function paged(
  records: readonly HostileRecord[],
  repeats: readonly number[],
  order: readonly number[],
  sizes: readonly number[],
) {
  const served = [
    ...records.map((record) => record.raw),
    ...repeats.flatMap((index) => {
      const record = records[index % Math.max(1, records.length)];
      return record ? [record.raw] : [];
    }),
  ];
  const shuffled = served
    .map((raw, index) => ({ raw, rank: order[index % Math.max(1, order.length)] ?? index }))
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.raw);
  const pages: Record<string, unknown>[][] = [];
  for (let start = 0, page = 0; start < shuffled.length; page++) {
    const size = sizes[page % Math.max(1, sizes.length)] ?? 3;
    pages.push(shuffled.slice(start, start + size));
    start += size;
  }
  return pages;
}

const layout = fc.record({
  repeats: fc.array(fc.nat(), { maxLength: 4 }),
  order: fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 20 }),
  sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
});

export const hostilePortal: fc.Arbitrary<HostilePortal> = fc
  .record({
    owners: fc.array(ownerDraft, { maxLength: 4 }),
    companies: fc.array(companyDraft, { minLength: 1, maxLength: 8 }),
    contacts: fc.array(contactDraft, { maxLength: 8 }),
    deals: fc.array(dealDraft, { maxLength: 8 }),
    invoices: fc.array(invoiceDraft, { maxLength: 8 }),
    layouts: fc.record({
      owners: layout,
      companies: layout,
      contacts: layout,
      deals: layout,
      invoices: layout,
    }),
  })
  .map((drafts) => {
    const companyIds = ids('companies', drafts.companies.length);
    const contactIds = ids('contacts', drafts.contacts.length);
    const dealIds = ids('deals', drafts.deals.length);
    const owners = finish(
      'owners',
      drafts.owners.map((owner, index) => ({
        raw: {
          id: ids('owners', index + 1).at(-1),
          email: owner.email,
          firstName: owner.first,
          lastName: null,
          archived: false,
        },
        breaker: owner.broken,
        idFault: owner.idFault,
        companyId: null,
        expect: { email: trimmed(owner.email) },
      })),
    );
    const companies = finish(
      'companies',
      drafts.companies.map((company, index) => {
        const id = companyIds[index] ?? '';
        return {
          raw: envelope(id, {
            name: company.name,
            domain: company.domain,
            industry: null,
            country: company.country,
            hubspot_owner_id: company.owner,
            hs_merged_object_ids: null,
          }),
          breaker: company.broken,
          idFault: company.idFault,
          companyId: null,
          expect: { name: trimmed(company.name) ?? `HubSpot company ${id}`, domain: trimmed(company.domain) },
        };
      }),
    );
    const contacts = finish(
      'contacts',
      drafts.contacts.map((contact, index) => {
        const company = pick(companyIds, contact.company);
        return {
          raw: envelope(
            contactIds[index] ?? '',
            { email: contact.email, firstname: contact.first, lastname: null, phone: null, jobtitle: null },
            company ? { companies: [company] } : {},
          ),
          breaker: contact.broken,
          idFault: contact.idFault,
          companyId: company,
          expect: { email: trimmed(contact.email) },
        };
      }),
    );
    const deals = finish(
      'deals',
      drafts.deals.map((deal, index) => {
        const company = pick(companyIds, deal.company);
        const currency = deal.currency?.toUpperCase() ?? 'USD';
        // JPY has no minor digits: its amounts are whole yen (extra decimals would be rounded).
        const amount =
          deal.amount && typeof deal.amount === 'object'
            ? currency === 'JPY'
              ? { text: deal.amount.text.split('.')[0] ?? '0', minor: deal.amount.minor / 100n }
              : deal.amount
            : null;
        return {
          raw: envelope(
            dealIds[index] ?? '',
            {
              dealname: deal.name,
              amount: amount ? amount.text : deal.amount === '' ? '' : null,
              deal_currency_code: deal.currency,
              pipeline: 'default',
              dealstage: deal.stage,
              closedate: deal.close && typeof deal.close === 'object' ? deal.close.text : deal.close,
              hs_is_closed: deal.closed,
              hs_is_closed_won: null,
              hubspot_owner_id: null,
            },
            { ...(company ? { companies: [company] } : {}), contacts: contactIds.slice(0, index % 3) },
          ),
          breaker: deal.broken,
          idFault: deal.idFault,
          companyId: company,
          expect: {
            amount_minor: amount ? amount.minor.toString() : null,
            currency: amount ? currency : null,
            close_date: deal.close && typeof deal.close === 'object' ? deal.close.day : null,
          },
        };
      }),
    );
    const invoices = finish(
      'invoices',
      drafts.invoices.map((invoice, index) => {
        const company = pick(companyIds, invoice.company);
        const balance = invoice.balance && typeof invoice.balance === 'object' ? invoice.balance : null;
        return {
          raw: envelope(
            ids('invoices', index + 1).at(-1) ?? '',
            {
              hs_number: invoice.number,
              hs_currency: invoice.currency,
              hs_amount_billed: invoice.billed.text,
              hs_balance_due: balance ? balance.text : invoice.balance === '' ? '' : null,
              hs_invoice_status: invoice.status,
              hs_invoice_date: invoice.issued.text,
              hs_due_date: invoice.due?.text ?? null,
              hs_payment_date: null,
            },
            { ...(company ? { companies: [company] } : {}), deals: dealIds.slice(0, 1) },
          ),
          breaker: invoice.broken,
          idFault: invoice.idFault,
          companyId: company,
          expect: {
            amount_minor: invoice.billed.minor.toString(),
            balance_minor: (balance ?? invoice.billed).minor.toString(),
            currency: invoice.currency.toUpperCase(),
            issued_on: invoice.issued.day,
            due_on: invoice.due?.day ?? invoice.issued.day,
          },
        };
      }),
    );
    const records = [...owners, ...companies, ...contacts, ...deals, ...invoices];
    const byType = { owners, companies, contacts, deals, invoices };
    const pages = Object.fromEntries(
      (Object.keys(byType) as HostileType[]).map((type) => {
        const { repeats, order, sizes } = drafts.layouts[type];
        return [type, paged(byType[type], repeats, order, sizes)];
      }),
    ) as HostilePortal['pages'];
    return { records, pages };
  });

/** What a sync must store: valid records, and invoices only when their company was stored too. */
export function expectedOutcome(portal: HostilePortal) {
  const storedCompanies = new Set(
    portal.records
      .filter((record) => record.type === 'companies' && record.valid)
      .map((record) => record.key),
  );
  const stored = (record: HostileRecord) =>
    record.valid &&
    (record.type !== 'invoices' || (record.companyId !== null && storedCompanies.has(record.companyId)));
  return {
    stored: portal.records.filter(stored),
    rejected: portal.records.filter((record) => !stored(record) && record.key !== null),
    storedCompanies,
  };
}
