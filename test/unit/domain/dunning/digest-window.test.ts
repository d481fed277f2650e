import { describe, expect, it } from 'vitest';
import { digestWindow, inQuietHours } from '../../../../src/domain/dunning/digest-window.ts';

const rules = {
  digestLocalTime: '09:00',
  quietHours: { start: '19:00', end: '08:00' },
  workingDays: [1, 2, 3, 4, 5],
};

describe('digestWindow', () => {
  it('opens at the local digest time on a working day', () => {
    expect(digestWindow(new Date('2026-11-26T08:59:00Z'), 'UTC', rules)).toMatchObject({
      open: false,
      localDate: '2026-11-26',
    });
    expect(digestWindow(new Date('2026-11-26T09:00:00Z'), 'UTC', rules)).toMatchObject({
      open: true,
      localDate: '2026-11-26',
    });
    expect(digestWindow(new Date('2026-11-26T18:59:00Z'), 'UTC', rules).open).toBe(true);
    expect(digestWindow(new Date('2026-11-26T19:00:00Z'), 'UTC', rules).open).toBe(false);
  });

  it('uses the local calendar date, which may differ from UTC', () => {
    expect(digestWindow(new Date('2026-11-26T00:30:00Z'), 'Asia/Tokyo', rules)).toMatchObject({
      open: true,
      localDate: '2026-11-26',
    });
    expect(digestWindow(new Date('2026-11-26T03:00:00Z'), 'America/Los_Angeles', rules)).toMatchObject({
      open: false,
      localDate: '2026-11-25',
    });
  });

  it('is closed at weekends and falls back to UTC for an unknown zone', () => {
    expect(digestWindow(new Date('2026-11-28T10:00:00Z'), 'UTC', rules).open).toBe(false);
    expect(digestWindow(new Date('2026-11-26T10:00:00Z'), 'Not/AZone', rules)).toMatchObject({
      open: true,
      zone: 'UTC',
    });
    expect(digestWindow(new Date('2026-11-26T10:00:00Z'), null, rules).zone).toBe('UTC');
  });

  it('handles quiet hours that wrap midnight and ones that do not', () => {
    const wrap = { start: '19:00', end: '08:00' };
    expect(inQuietHours(23 * 60, wrap)).toBe(true);
    expect(inQuietHours(7 * 60 + 59, wrap)).toBe(true);
    expect(inQuietHours(8 * 60, wrap)).toBe(false);
    const lunch = { start: '12:00', end: '13:00' };
    expect(inQuietHours(12 * 60 + 30, lunch)).toBe(true);
    expect(inQuietHours(13 * 60, lunch)).toBe(false);
    expect(inQuietHours(0, { start: '00:00', end: '00:00' })).toBe(false);
  });
});
