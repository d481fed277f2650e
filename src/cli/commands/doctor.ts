// `creditline doctor`: what this installation is missing, one line per check with its fix. Exits 1 on
// any error. It opens the database without migrating it: a diagnosis changes nothing.

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/schema.ts';
import { openDatabase } from '../../db/client.ts';
import type { Database } from '../../db/types.ts';
import { withDeadline } from '../../services/doctor/deadline.ts';
import { type HubspotDoctorProbe, hubspotDoctorProbe } from '../../services/doctor/hubspot-probe.ts';
import { countsText, type DoctorCheck, type DoctorReport } from '../../services/doctor/report.ts';
import { DOCTOR_TIMEOUT_MS, runDoctor } from '../../services/doctor/run.ts';
import type { CliCommand, CliIo } from '../command.ts';

export interface DoctorCommandOptions {
  /** Opens the configured database as it is (no migrations). */
  open?: (config: Config) => Promise<Database>;
  hubspotProbe?: (config: Config) => HubspotDoctorProbe | undefined;
}

export function createDoctorCommand(options: DoctorCommandOptions = {}): CliCommand {
  const open = options.open ?? openAsIs;
  const probe = options.hubspotProbe ?? hubspotDoctorProbe;
  const command: CliCommand = {
    name: 'doctor',
    usage: 'creditline doctor [--json]',
    summary: 'Check configuration, database, Slack, outbox and HubSpot; exit 1 on any error',
    async run(args, env) {
      const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
      let database: Database | undefined;
      let openError: unknown;
      try {
        database = await withDeadline(open(env.config), DOCTOR_TIMEOUT_MS * 2, 'the database');
      } catch (thrown) {
        openError = thrown;
      }
      try {
        const report = await runDoctor({
          config: env.config,
          clock: env.clock,
          database: database ? { db: database.db } : { openError },
          hubspotProbe: probe(env.config),
        });
        if (values.json) env.io.out(JSON.stringify(report, null, 2));
        else printReport(env.io, report);
        return report.errors > 0 ? 1 : 0;
      } finally {
        await database?.close();
      }
    },
  };
  return command;
}

export const doctorCommand = createDoctorCommand();

/** The configured database, neither migrated nor created: an embedded one must already exist. */
async function openAsIs(config: Config): Promise<Database> {
  if (!config.DATABASE_URL && !config.DATA_DIR.startsWith('memory://') && !existsSync(config.DATA_DIR)) {
    throw new Error(`there is no embedded database in DATA_DIR (${config.DATA_DIR} does not exist)`);
  }
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
}

function printReport(io: CliIo, report: DoctorReport): void {
  for (const check of report.checks) io.out(line(check));
  io.out('');
  io.out(
    report.errors
      ? `${countsText(report)}: fix the errors above and run \`npx creditline doctor\` again.`
      : report.warnings
        ? `No errors, ${countsText(report).split(', ')[1]}.`
        : 'Everything checked is in order.',
  );
}

/** "error    slack     the bot token lacks … — add "users:read.email" under …" */
function line(check: DoctorCheck): string {
  const fix = check.fix ? ` — ${check.fix}` : '';
  return `${check.status.padEnd(8)} ${check.area.padEnd(9)} ${check.message}${fix}`;
}
