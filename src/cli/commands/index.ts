// Every CLI command, in the order `creditline help` lists them.

import type { CliCommand } from '../command.ts';
import { doctorCommand } from './doctor.ts';
import { hubspotCommand } from './hubspot.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { outboxCommand } from './outbox.ts';
import { rescoreCommand } from './rescore.ts';
import { scanCommand } from './scan.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { syncCommand } from './sync.ts';

export const commands: readonly CliCommand[] = [
  migrateCommand,
  seedDemoCommand,
  outboxCommand,
  rescoreCommand,
  syncCommand,
  hubspotCommand,
  importCommand,
  scanCommand,
  doctorCommand,
];
