// `creditline doctor` and GET /api/v1/doctor: what an installation is missing, one line per check.
// Every outside call has a deadline, so a hanging Slack, HubSpot or database makes a line, not a hang.

import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { configChecks } from './config-checks.ts';
import { type DoctorDatabase, databaseChecks } from './database-checks.ts';
import { withDeadline } from './deadline.ts';
import { hubspotChecks } from './hubspot-checks.ts';
import type { HubspotDoctorProbe } from './hubspot-probe.ts';
import { outboxChecks } from './outbox-checks.ts';
import {
  type DoctorArea,
  type DoctorCheck,
  type DoctorReport,
  doctorReport,
  error,
  reason,
} from './report.ts';
import { slackChecks } from './slack-checks.ts';

export interface DoctorDeps {
  config: Config;
  clock: Clock;
  /** The database, or what opening it threw. */
  database: DoctorDatabase;
  hubspotProbe?: HubspotDoctorProbe | undefined;
  /** Deadline of each outside call (Slack and HubSpot calls, the first database query). */
  timeoutMs?: number;
}

export const DOCTOR_TIMEOUT_MS = 5_000;
/** The most deadlines one section waits out in a row (Slack: auth.test and conversations.info, each retried once). */
const SECTION_CALLS = 5;

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { config } = deps;
  const timeoutMs = deps.timeoutMs ?? DOCTOR_TIMEOUT_MS;
  const now = deps.clock.now();
  const checks = configChecks(config);
  const database = await databaseChecks(config, deps.database, timeoutMs);
  checks.push(...database.checks);
  const { db } = database;
  // The sections are independent: one that breaks or hangs is a line, not a lost report.
  const sections: [DoctorArea, () => Promise<DoctorCheck[]>][] = [
    ['slack', () => slackChecks(config, db, timeoutMs)],
    ['outbox', () => (db ? outboxChecks(db, now) : Promise.resolve([]))],
    ['hubspot', () => hubspotChecks(config, db, now, deps.hubspotProbe, timeoutMs)],
  ];
  const results = await Promise.all(
    sections.map(async ([area, run]) => {
      try {
        // Each call inside has its own deadline; this bounds a section's calls and queries together.
        return await withDeadline(run(), timeoutMs * SECTION_CALLS, `the ${area} checks`);
      } catch (thrown) {
        return [
          error(
            area,
            `${area}.failed`,
            `the ${area} checks did not finish: ${reason(thrown)}`,
            'run the doctor again; if it persists, report this line',
          ),
        ];
      }
    }),
  );
  checks.push(...results.flat());
  return doctorReport(checks, now);
}
