// `creditline doctor` and GET /api/v1/doctor: what an installation is missing, one line per check.
// Every outside call has a deadline, so a hanging Slack, HubSpot or database makes a line, not a hang.

import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { configChecks } from './config-checks.ts';
import { type DoctorDatabase, databaseChecks } from './database-checks.ts';
import { hubspotChecks } from './hubspot-checks.ts';
import type { HubspotDoctorProbe } from './hubspot-probe.ts';
import { outboxChecks } from './outbox-checks.ts';
import { type DoctorReport, doctorReport, error, reason } from './report.ts';
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

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { config } = deps;
  const timeoutMs = deps.timeoutMs ?? DOCTOR_TIMEOUT_MS;
  const now = deps.clock.now();
  const checks = configChecks(config);
  const database = await databaseChecks(config, deps.database, timeoutMs);
  checks.push(...database.checks);
  const { db } = database;
  // The sections are independent: a failure in one (a query that breaks) is a line, not a lost report.
  const sections = await Promise.allSettled([
    slackChecks(config, db, timeoutMs),
    db ? outboxChecks(db, now) : Promise.resolve([]),
    hubspotChecks(config, db, now, deps.hubspotProbe, timeoutMs),
  ]);
  const areas = ['slack', 'outbox', 'hubspot'] as const;
  sections.forEach((section, index) => {
    const area = areas[index] ?? 'config';
    if (section.status === 'fulfilled') checks.push(...section.value);
    else {
      checks.push(
        error(
          area,
          `${area}.failed`,
          `the ${area} checks failed: ${reason(section.reason)}`,
          'run the doctor again; if it persists, report this line',
        ),
      );
    }
  });
  return doctorReport(checks, now);
}
