import type { CliCommand } from '../command.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'creditline migrate',
  summary: 'Apply pending database migrations (run before deploying a Worker)',
  async run(_args, env) {
    const database = await env.database();
    env.io.out(`Migrations applied (${database.driver}).`);
    return 0;
  },
};
