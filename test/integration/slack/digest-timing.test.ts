// Digests go out at the account manager's local digest time, on working days, never in quiet hours,
// and stay at that local time across a daylight-saving change.

import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dunningAlerts } from '../../../src/db/schema/index.ts';
import { insertCompany, insertInvoice, insertOwner, savePolicy } from '../../support/collections.ts';
import { resetDomain, scanAt } from '../../support/scan.ts';
import { type SlackHarness, slackHarness } from '../../support/slack-app.ts';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await resetDomain(h.deps.db);
  await savePolicy(h.deps.db);
});

/** The UTC instant of a New York (or other zone) wall-clock time, computed by luxon. */
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toUTC().toISO() ?? '';

async function stagesOf(invoiceId: string) {
  return (await h.deps.db.select().from(dunningAlerts).where(eq(dunningAlerts.invoiceId, invoiceId))).map(
    (a) => a.stage,
  );
}

describe('time zones across daylight saving (America/New_York, DST ends 1 Nov 2026)', () => {
  it('sends at 09:00 local before and after the change, which is 13:00 and then 14:00 UTC', async () => {
    const db = h.deps.db;
    const zone = 'America/New_York';
    const am = await insertOwner(db, { slackUserId: 'UNYC', timeZone: zone });
    const company = await insertCompany(db, { name: 'Empire', ownerId: am.id });
    const before = await insertInvoice(db, { companyId: company.id, dueOn: '2026-10-29' });

    expect(local('2026-10-30T09:05', zone)).toBe('2026-10-30T13:05:00.000Z');
    expect((await scanAt(h.deps, local('2026-10-30T08:05', zone))).decided).toBe(0);
    expect((await scanAt(h.deps, local('2026-10-30T09:05', zone))).decided).toBe(1);
    expect(await stagesOf(before.id)).toEqual(['late_1']);

    const after = await insertInvoice(db, { companyId: company.id, dueOn: '2026-11-01' });
    expect(local('2026-11-02T09:05', zone)).toBe('2026-11-02T14:05:00.000Z');
    // 13:05 UTC was 09:05 last week; now it is 08:05 in New York: not yet.
    expect((await scanAt(h.deps, '2026-11-02T13:05:00Z')).decided).toBe(0);
    expect((await scanAt(h.deps, local('2026-11-02T09:05', zone))).decided).toBe(1);
    expect(await stagesOf(after.id)).toEqual(['late_1']);
  });

  it('decides each account manager by their own local date and clock', async () => {
    const db = h.deps.db;
    const tokyo = await insertOwner(db, { slackUserId: 'UTOKYO', timeZone: 'Asia/Tokyo' });
    const la = await insertOwner(db, { slackUserId: 'ULA', timeZone: 'America/Los_Angeles' });
    const tokyoInvoice = await insertInvoice(db, {
      companyId: (await insertCompany(db, { name: 'Nakatomi', ownerId: tokyo.id })).id,
      dueOn: '2026-11-25',
    });
    const laInvoice = await insertInvoice(db, {
      companyId: (await insertCompany(db, { name: 'Wayne LA', ownerId: la.id })).id,
      dueOn: '2026-11-25',
    });
    // 00:05 UTC Thursday = 09:05 Thursday in Tokyo (one day late) but 16:05 Wednesday in Los Angeles,
    // where the same due date is today: still the courtesy stage.
    const summary = await scanAt(h.deps, '2026-11-26T00:05:00Z');
    expect(summary.decided).toBe(2);
    expect(await stagesOf(tokyoInvoice.id)).toEqual(['late_1']);
    expect(await stagesOf(laInvoice.id)).toEqual(['courtesy']);
    // 06:05 UTC = 22:05 in Los Angeles: quiet hours, nothing even though a day has turned in Tokyo.
    expect((await scanAt(h.deps, '2026-11-26T06:05:00Z')).decided).toBe(0);
    // 17:05 UTC Thursday = 09:05 in Los Angeles.
    expect((await scanAt(h.deps, '2026-11-26T17:05:00Z')).decided).toBe(1);
    expect((await stagesOf(laInvoice.id)).sort()).toEqual(['courtesy', 'late_1']);
  });
});

describe('working days and quiet hours', () => {
  it('sends nothing at the weekend and catches up on Monday', async () => {
    const db = h.deps.db;
    const am = await insertOwner(db, { slackUserId: 'UWEEKEND', timeZone: 'Europe/Paris' });
    const invoice = await insertInvoice(db, {
      companyId: (await insertCompany(db, { name: 'Weekend SA', ownerId: am.id })).id,
      dueOn: '2026-11-27',
    });
    expect((await scanAt(h.deps, local('2026-11-28T10:05', 'Europe/Paris'))).decided).toBe(0);
    expect((await scanAt(h.deps, local('2026-11-29T10:05', 'Europe/Paris'))).decided).toBe(0);
    expect((await scanAt(h.deps, local('2026-11-30T09:05', 'Europe/Paris'))).decided).toBe(1);
    expect(await stagesOf(invoice.id)).toEqual(['late_1']);
  });

  it('never sends in quiet hours, even when the digest time is inside them', async () => {
    const db = h.deps.db;
    await savePolicy(db, { digestLocalTime: '07:00', quietHours: { start: '19:00', end: '08:00' } });
    const am = await insertOwner(db, { slackUserId: 'UQUIET', timeZone: 'Europe/Berlin' });
    const invoice = await insertInvoice(db, {
      companyId: (await insertCompany(db, { name: 'Ruhig GmbH', ownerId: am.id })).id,
      dueOn: '2026-11-25',
    });
    expect((await scanAt(h.deps, local('2026-11-26T07:30', 'Europe/Berlin'))).decided).toBe(0);
    expect((await scanAt(h.deps, local('2026-11-26T08:00', 'Europe/Berlin'))).decided).toBe(1);
    expect(await stagesOf(invoice.id)).toEqual(['late_1']);
    const late = await insertInvoice(db, {
      companyId: (await insertCompany(db, { name: 'Spaet GmbH', ownerId: am.id })).id,
      dueOn: '2026-11-25',
    });
    expect((await scanAt(h.deps, local('2026-11-26T19:30', 'Europe/Berlin'))).decided).toBe(0);
    expect(await stagesOf(late.id)).toEqual([]);
  });
});
