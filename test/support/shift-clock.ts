// Moves this process's system clock by whole days: `new Date()`, `Date.now()` and so every reader of
// the wall clock, embedded PGlite's now() included (its clock_gettime reads Date.now()). Injected clocks
// (ManualClock) are untouched, which is the point: a second clock that leaks in shows up as a failure.

const DAY_MS = 86_400_000;

export function shiftSystemClock(days: string | undefined): void {
  if (days === undefined || days === '') return;
  const offsetDays = Number(days);
  if (!Number.isInteger(offsetDays))
    throw new Error(`TEST_SHIFT_CLOCK_DAYS must be a whole number, not ${days}`);
  if (offsetDays === 0) return;
  const offsetMs = offsetDays * DAY_MS;
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  // A subclass keeps every static and prototype method; only "now" moves.
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return realNow() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
