// Block Kit builders are pure: the same input draws the same message. Snapshots catch unintended
// changes; the explicit checks hold Slack's limits.

import { describe, expect, it } from 'vitest';
import {
  companyCardBlocks,
  companyPickerBlocks,
} from '../../../../src/integrations/slack/blocks/company-card.ts';
import {
  chunkDigest,
  type Digest,
  digestBlocks,
  digestText,
} from '../../../../src/integrations/slack/blocks/digest.ts';
import { homeView } from '../../../../src/integrations/slack/blocks/home.ts';
import { helpBlocks } from '../../../../src/integrations/slack/blocks/lists.ts';
import { promiseModal } from '../../../../src/integrations/slack/blocks/modals.ts';

const line = (n: number, extra: Partial<Digest['customers'][number]['lines'][number]> = {}) => ({
  invoiceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  companyId: '11111111-1111-4111-8111-111111111111',
  number: `INV-${n}`,
  balanceMinor: 123_456n,
  currency: 'USD',
  daysLate: 7,
  stageLabel: '7 days late',
  suggestion: 'Call the AP contact & log a promise.',
  hubspotUrl: 'https://app.hubspot.com/contacts/1/record/0-2/99',
  ...extra,
});

const digest: Digest = {
  customers: [
    {
      companyId: '11111111-1111-4111-8111-111111111111',
      name: 'Acme <Corp>',
      score: 41,
      riskLevel: 'high',
      flags: ['OVERDUE'],
      lines: [line(1), line(2, { paidOn: '2026-11-27' })],
    },
  ],
};

describe('digest', () => {
  it('draws customers, lines and buttons', () => {
    expect(digestBlocks(digest)).toMatchSnapshot();
    expect(digestText(digest)).toBe('Late payments: 2 invoices across 1 customer');
  });

  it('escapes customer text for mrkdwn', () => {
    expect(JSON.stringify(digestBlocks(digest))).toContain('Acme &lt;Corp&gt;');
    expect(JSON.stringify(digestBlocks(digest))).toContain('AP contact &amp; log');
  });

  it('splits long digests under Slack’s 50-block limit without losing a line', () => {
    const big: Digest = {
      customers: Array.from({ length: 9 }, (_, c) => ({
        companyId: `c${c}`,
        name: `Customer ${c}`,
        score: null,
        riskLevel: null,
        flags: [],
        lines: Array.from({ length: 7 }, (_, i) => line(c * 10 + i)),
      })),
    };
    const chunks = chunkDigest(big);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(digestBlocks(chunk).length).toBeLessThanOrEqual(50);
    expect(
      chunks.flatMap((chunk) => chunk.customers.flatMap((c) => c.lines.map((l) => l.number))),
    ).toHaveLength(63);
  });
});

describe('card, modal, home, help', () => {
  const card = {
    company: { id: '22222222-2222-4222-8222-222222222222', name: 'Globex', domain: 'globex.com' },
    profile: {
      limitMinor: 5_000_000n,
      exposureMinor: 4_600_000n,
      availableMinor: 400_000n,
      currency: 'USD',
      score: 55,
      riskLevel: 'medium',
      blocked: false,
    },
    factors: [{ name: 'overdueShare', points: 4, max: 20 }],
    flags: [{ code: 'NEAR_LIMIT', severity: 'warning' }],
    aging: [{ currency: 'USD', current: 100n, days1to30: 200n, days31to60: 0n, days61to90: 0n, over90: 0n }],
    promises: [{ amountMinor: 100_000n, currency: 'USD', promisedOn: '2026-12-01' }],
    approvals: [{ kind: 'limit_increase', amountMinor: 6_000_000n, currency: 'USD' }],
    grievances: [],
    panelUrl: 'https://creditline.example.com/panel/companies/22222222-2222-4222-8222-222222222222',
  };

  it('draws the /credit card', () => {
    expect(companyCardBlocks(card)).toMatchSnapshot();
  });

  it('draws the pick list and the promise modal', () => {
    expect(
      companyPickerBlocks('glob', [
        { id: 'a', name: 'Globex', domain: 'globex.com' },
        { id: 'b', name: 'Globe Ltd', domain: null },
      ]),
    ).toMatchSnapshot();
    expect(
      promiseModal({ companyId: 'c', invoiceId: 'i', channelId: 'D1' }, 'Invoice INV-1', '2026-11-26'),
    ).toMatchSnapshot();
  });

  it('draws the App Home and help', () => {
    const view = homeView({
      atRisk: [{ name: 'Globex', score: 30, riskLevel: 'critical' }],
      overdue: {
        invoices: [
          { companyName: 'Globex', number: 'G-1', balanceMinor: 5_000n, currency: 'EUR', daysLate: 3 },
        ],
        totals: [{ currency: 'EUR', totalMinor: 5_000n, count: 1 }],
        truncated: false,
      },
      approvals: [],
      grievances: [],
      updatedAt: '2026-11-26 09:05 UTC',
    });
    expect(view).toMatchSnapshot();
    expect(helpBlocks('dance')).toMatchSnapshot();
  });
});
