import { parseArgs } from 'node:util';
import { listOutbox, retryOutbox } from '../../services/outbox/manage.ts';
import type { CliCommand } from '../command.ts';

export const outboxCommand: CliCommand = {
  name: 'outbox',
  usage:
    'creditline outbox list [--status dead|pending|delivering|delivered] [--limit N]\n       creditline outbox retry (--all | ID...)',
  summary: 'List outbox rows and requeue dead letters',
  async run(args, env) {
    const [action = 'list', ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { status: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } },
    });
    const ctx = await env.context();
    if (action === 'list') {
      const { rows } = await listOutbox({ ctx, input: { status: values.status, limit: values.limit } });
      if (rows.length === 0) env.io.out('No outbox rows.');
      for (const row of rows) {
        const error = row.lastError ? `  last error: ${row.lastError}` : '';
        env.io.out(
          `${row.id}\t${row.status}\t${row.target}\tattempts=${row.attempts}\t${row.createdAt.toISOString()}${error}`,
        );
      }
      return 0;
    }
    if (action === 'retry') {
      const input = values.all ? { allDead: true } : { ids: positionals };
      const ids = await retryOutbox({ ctx, input });
      env.io.out(ids.length ? `Requeued ${ids.length}: ${ids.join(', ')}` : 'No dead letters to requeue.');
      return 0;
    }
    env.io.err(`Unknown outbox action "${action}".\n${outboxCommand.usage}`);
    return 2;
  },
};
