import { seedDemo } from '../../services/demo/seed.ts';
import type { CliCommand } from '../command.ts';

export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  usage: 'creditline seed-demo',
  summary: 'Load the demo portfolio into an empty database',
  async run(_args, env) {
    const result = await seedDemo({
      ctx: await env.context(),
    });
    if (!result.seeded) {
      env.io.err('The database already has companies; the demo portfolio is only loaded into an empty one.');
      return 1;
    }
    env.io.out(
      `Seeded ${result.companies} companies, ${result.invoices} invoices, ${result.payments} payments.`,
    );
    return 0;
  },
};
