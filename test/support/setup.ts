// Runs before every test file: fail on a stray network request by default is handled per file by msw;
// here we only make sure the process has a UTC default zone, so nothing passes by accident.
import { shiftSystemClock } from './shift-clock.ts';

process.env.TZ = 'UTC';

// CI runs the whole suite a second time with the system clock far ahead (TEST_SHIFT_CLOCK_DAYS), so a
// test or a query that mixes the injected clock with the system's or the database's fails on any date.
shiftSystemClock(process.env.TEST_SHIFT_CLOCK_DAYS);
