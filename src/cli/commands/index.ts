// Every CLI command, in the order `creditline help` lists them.

import type { CliCommand } from '../command.ts';
import { migrateCommand } from './migrate.ts';
import { outboxCommand } from './outbox.ts';
import { scanCommand } from './scan.ts';
import { seedDemoCommand } from './seed-demo.ts';

export const commands: readonly CliCommand[] = [migrateCommand, seedDemoCommand, outboxCommand, scanCommand];
