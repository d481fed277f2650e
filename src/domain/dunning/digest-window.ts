// When an account manager may get a digest: on a working day in their own time zone, once their local
// clock has reached the digest time, and never in quiet hours. Luxon does the zone arithmetic, so a
// 09:00 digest stays at 09:00 local across daylight-saving changes.

import { DateTime } from 'luxon';

export interface DigestRules {
  digestLocalTime: string;
  quietHours: { start: string; end: string };
  workingDays: readonly number[];
}

export interface DigestWindow {
  open: boolean;
  /** The recipient's local calendar date at `now` (YYYY-MM-DD): "today" for days-late arithmetic. */
  localDate: string;
  zone: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function inQuietHours(minuteOfDay: number, quiet: { start: string; end: string }): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  // A window like 19:00–08:00 wraps midnight.
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

export function digestWindow(
  now: Date,
  timeZone: string | null | undefined,
  rules: DigestRules,
): DigestWindow {
  let local = DateTime.fromJSDate(now, { zone: timeZone || 'UTC' });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'UTC' });
  const minute = local.hour * 60 + local.minute;
  const open =
    rules.workingDays.includes(local.weekday) &&
    minute >= minutesOf(rules.digestLocalTime) &&
    !inQuietHours(minute, rules.quietHours);
  return {
    open,
    localDate: local.toISODate() ?? now.toISOString().slice(0, 10),
    zone: local.zoneName ?? 'UTC',
  };
}
