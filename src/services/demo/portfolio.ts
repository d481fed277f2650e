// Generates the demo portfolio: about 50 companies with contacts, deals, invoices and payments over the
// last 12 months. Pure: the same seed and "today" give the same data.

import { addDays, daysBetween } from '../../lib/dates.ts';
import { between, pick, seededRandom } from '../../lib/random.ts';

export interface DemoPortfolio {
  owners: { key: string; email: string; firstName: string; lastName: string; timeZone: string }[];
  companies: DemoCompany[];
}

export interface DemoCompany {
  key: string;
  name: string;
  domain: string;
  segment: 'smb' | 'mid_market' | 'enterprise';
  industry: string;
  country: string;
  currency: string;
  ownerKey: string;
  customerSince: string;
  limitMinor: bigint;
  termsDays: number;
  behaviour: 'prompt' | 'late' | 'delinquent' | 'over_limit';
  contacts: { email: string; firstName: string; lastName: string; jobTitle: string }[];
  deals: {
    key: string;
    name: string;
    amountMinor: bigint;
    stage: string;
    closeDate: string;
    isClosed: boolean;
    isWon: boolean;
  }[];
  invoices: DemoInvoice[];
}

export interface DemoInvoice {
  number: string;
  amountMinor: bigint;
  balanceMinor: bigint;
  issuedOn: string;
  dueOn: string;
  paidOn: string | null;
  status: 'open' | 'paid';
  payments: { key: string; amountMinor: bigint; receivedOn: string }[];
}

const PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Wonka',
  'Cyberdyne',
  'Aperture',
  'Massive',
  'Nakatomi',
  'Oscorp',
  'Pied Piper',
  'Gringotts',
  'Monarch',
  'Dunder',
];
const SUFFIXES = [
  'Industries',
  'Logistics',
  'Foods',
  'Robotics',
  'Analytics',
  'Supply',
  'Health',
  'Energy',
  'Labs',
  'Retail',
];
const DEMO_CURRENCIES = ['USD', 'USD', 'EUR', 'USD', 'GBP', 'USD', 'SEK', 'EUR', 'AUD', 'USD'];
const DEMO_COUNTRY: Record<string, string> = { USD: 'US', EUR: 'DE', GBP: 'GB', SEK: 'SE', AUD: 'AU' };
/** Demo rates to USD, dated the day of the seed. AUD has none on purpose: FX_RATE_MISSING shows. */
export const DEMO_RATES_TO_USD: Record<string, string> = { EUR: '1.08', GBP: '1.27', SEK: '0.095' };

const INDUSTRIES = ['manufacturing', 'retail', 'software', 'logistics', 'healthcare', 'construction'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ivo', 'Jade', 'Kofi', 'Lena'];
const LAST = ['Silva', 'Okafor', 'Novak', 'Kim', 'Haddad', 'Larsen', 'Moreau', 'Rossi', 'Tanaka', 'Weber'];
const STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];

export function demoPortfolio(today: string, seed = 20261126, count = 50): DemoPortfolio {
  const random = seededRandom(seed);
  const owners = [
    {
      key: 'o1',
      email: 'maria.lopez@example.com',
      firstName: 'Maria',
      lastName: 'Lopez',
      timeZone: 'America/New_York',
    },
    {
      key: 'o2',
      email: 'tom.becker@example.com',
      firstName: 'Tom',
      lastName: 'Becker',
      timeZone: 'Europe/Berlin',
    },
    {
      key: 'o3',
      email: 'priya.shah@example.com',
      firstName: 'Priya',
      lastName: 'Shah',
      timeZone: 'Europe/London',
    },
    {
      key: 'o4',
      email: 'sam.carter@example.com',
      firstName: 'Sam',
      lastName: 'Carter',
      timeZone: 'America/Los_Angeles',
    },
    {
      key: 'o5',
      email: 'yuki.mori@example.com',
      firstName: 'Yuki',
      lastName: 'Mori',
      timeZone: 'Asia/Tokyo',
    },
  ];
  const companies: DemoCompany[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${PREFIXES[i % PREFIXES.length]} ${SUFFIXES[Math.floor(i / PREFIXES.length) % SUFFIXES.length]}`;
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
    const segment = pick(random, ['smb', 'mid_market', 'enterprise'] as const);
    // Several currencies, one of them (AUD) without a demo rate, as in real portals.
    const currency = DEMO_CURRENCIES[i % DEMO_CURRENCIES.length] ?? 'USD';
    const behaviour: DemoCompany['behaviour'] =
      i === 3 ? 'over_limit' : i % 7 === 0 ? 'delinquent' : i % 3 === 0 ? 'late' : 'prompt';
    const termsDays = pick(random, [15, 30, 30, 45, 60]);
    const baseInvoice = BigInt(between(random, 20, 400)) * 10_000n * (segment === 'enterprise' ? 5n : 1n);
    const customerSince = addDays(today, -between(random, 200, 1500));
    const invoices = demoInvoices(random, today, i, baseInvoice, termsDays, behaviour);
    const open = invoices.reduce((total, invoice) => total + invoice.balanceMinor, 0n);
    const limitMinor = behaviour === 'over_limit' ? (open * 7n) / 10n : roundLimit(baseInvoice * 6n + open);
    companies.push({
      key: `c${i + 1}`,
      name,
      domain,
      segment,
      industry: pick(random, INDUSTRIES),
      country: DEMO_COUNTRY[currency] ?? 'US',
      currency,
      ownerKey: owners[i % owners.length]?.key ?? 'o1',
      customerSince,
      limitMinor,
      termsDays,
      behaviour,
      contacts: Array.from({ length: between(random, 1, 3) }, (_, n) => {
        const firstName = pick(random, FIRST);
        const lastName = pick(random, LAST);
        return {
          email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}${n}@${domain}`,
          firstName,
          lastName,
          jobTitle: n === 0 ? 'Accounts Payable' : pick(random, ['CFO', 'Controller', 'Buyer']),
        };
      }),
      deals: Array.from({ length: between(random, 0, 3) }, (_, n) => {
        const won = random() < 0.3;
        return {
          key: `c${i + 1}-d${n + 1}`,
          name: `${name} — ${pick(random, ['renewal', 'expansion', 'pilot', 'new line'])}`,
          amountMinor: baseInvoice * BigInt(between(random, 1, 4)),
          stage: won ? 'closedwon' : pick(random, STAGES),
          closeDate: addDays(today, between(random, -30, 90)),
          isClosed: won,
          isWon: won,
        };
      }),
      invoices,
    });
  }
  return { owners, companies };
}

function roundLimit(minor: bigint): bigint {
  const step = 1_000_000n; // 10,000.00 in a two-digit currency
  return ((minor + step - 1n) / step) * step;
}

function demoInvoices(
  random: () => number,
  today: string,
  companyIndex: number,
  base: bigint,
  termsDays: number,
  behaviour: DemoCompany['behaviour'],
): DemoInvoice[] {
  const invoices: DemoInvoice[] = [];
  // Roughly monthly invoices over the last 12 months.
  for (let month = 12; month >= 0; month--) {
    const issuedOn = addDays(today, -month * 30 - between(random, 0, 10));
    const dueOn = addDays(issuedOn, termsDays);
    const amountMinor = (base * BigInt(between(random, 60, 140))) / 100n;
    const number = `INV-${String(companyIndex + 1).padStart(3, '0')}-${String(13 - month).padStart(2, '0')}`;
    const lateness =
      behaviour === 'prompt'
        ? between(random, -5, 3)
        : behaviour === 'late'
          ? between(random, 5, 35)
          : between(random, 20, 90);
    // Terms are at least 15 days and lateness at least -5, so payment never precedes issue.
    const wouldPayOn = addDays(dueOn, lateness);
    const unpaidForever = (behaviour === 'delinquent' || behaviour === 'over_limit') && month <= 3;
    const paid = !unpaidForever && daysBetween(wouldPayOn, today) > 0;
    const payments = paid ? [{ key: `${number}-p1`, amountMinor, receivedOn: wouldPayOn }] : [];
    invoices.push({
      number,
      amountMinor,
      balanceMinor: paid ? 0n : amountMinor,
      issuedOn,
      dueOn,
      paidOn: paid ? (payments[0]?.receivedOn ?? null) : null,
      status: paid ? 'paid' : 'open',
      payments,
    });
  }
  return invoices;
}
