// The doctor where nobody asked for it: the start log and GET /readyz say in one line when it would
// report an error.
//
// Readiness runs only the configuration checks, which read nothing but the parsed config: load
// balancers probe every few seconds on every replica, and a readiness that called Slack or HubSpot
// would spend their rate limits and turn a vendor's slow minute into an outage of ours. The start log
// runs the whole doctor once, with short deadlines.

import type { Config } from '../../config/schema.ts';
import type { AppDeps } from '../../deps.ts';
import { configChecks } from './config-checks.ts';
import { withDeadline } from './deadline.ts';
import { hubspotDoctorProbe } from './hubspot-probe.ts';
import { countsText, type DoctorCheck, type DoctorReport, reason } from './report.ts';
import { runDoctor } from './run.ts';

const START_TIMEOUT_MS = 3_000;

/** The configuration checks that did not pass: cheap enough for every readiness probe. */
export function readinessFindings(config: Config): DoctorCheck[] {
  return configChecks(config).filter((check) => check.status !== 'ok');
}

/** One line when there is an error, e.g. "the doctor reports 1 error: …; run `npx creditline doctor`". */
export function doctorWarningLine(
  report: Pick<DoctorReport, 'errors' | 'warnings' | 'checks'>,
): string | undefined {
  const first = report.checks.find((check) => check.status === 'error');
  if (!first) return undefined;
  const more = report.errors > 1 ? ` (and ${report.errors - 1} more)` : '';
  return `the doctor reports ${countsText(report)}: ${first.message}${more}; run \`npx creditline doctor\``;
}

/** Runs the whole doctor once at start and warns in one line when it finds an error. Never throws. */
export async function logDoctorFindings(deps: AppDeps): Promise<void> {
  try {
    const report = await withDeadline(
      runDoctor({
        config: deps.config,
        clock: deps.clock,
        database: { db: deps.db },
        hubspotProbe: hubspotDoctorProbe(deps.config),
        timeoutMs: START_TIMEOUT_MS,
      }),
      // Slack and HubSpot sections run side by side; each call is cut off after START_TIMEOUT_MS.
      START_TIMEOUT_MS * 3,
      'the doctor',
    );
    const line = doctorWarningLine(report);
    if (line) {
      deps.logger.warn(
        {
          doctor: report.checks
            .filter((check) => check.status === 'error')
            .map(({ check, message, fix }) => ({ check, message, fix })),
        },
        line,
      );
    }
  } catch (thrown) {
    deps.logger.warn({ err: thrown }, `the doctor could not run at start: ${reason(thrown)}`);
  }
}
