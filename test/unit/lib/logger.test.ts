import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/lib/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes JSON lines and redacts secrets wherever they are logged', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    const config = loadConfig({
      ADMIN_API_TOKEN: 'super-secret-admin-token',
      SLACK_BOT_TOKEN: 'xoxb-secret-bot',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      DATABASE_URL: 'postgres://user:db-password@host/db',
    });
    logger.info(
      { config, req: { headers: { authorization: 'Bearer super-secret-admin-token' } } },
      'started',
    );
    logger.info({ client: { token: 'xoxb-secret-bot', clientSecret: 'hs-secret' } }, 'client');
    const output = lines.join('');
    for (const secret of [
      'super-secret-admin-token',
      'xoxb-secret-bot',
      'signing-secret-value',
      'db-password',
      'hs-secret',
    ]) {
      expect(output).not.toContain(secret);
    }
    const first = JSON.parse(lines[0] ?? '{}') as { level: string; msg: string; config: { PORT: number } };
    expect(first).toMatchObject({ level: 'info', msg: 'started', config: { PORT: 3000 } });
  });
});
