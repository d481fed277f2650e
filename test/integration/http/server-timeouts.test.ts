// The Node server cuts off clients that stall: a body that stops arriving, or headers that never end,
// are answered 408 and closed within the configured timeouts instead of Node's minutes.

import { createConnection, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { type NodeRuntime, startNodeRuntime } from '../../../src/runtime/node.ts';
import { ADMIN_TOKEN, testConfig } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

let database: TestDatabase;
let runtime: NodeRuntime;
beforeAll(async () => {
  database = await createTestDatabase();
  runtime = await startNodeRuntime({
    config: testConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      HTTP_REQUEST_TIMEOUT_MS: '800',
      HTTP_HEADERS_TIMEOUT_MS: '400',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
    }),
    logger: silentLogger,
    database: { ...database, close: async () => {} },
  });
});
afterAll(async () => {
  await runtime?.shutdown('test');
  await database?.close();
});

/** Sends `head` and whatever else, then reports what the server wrote and whether it closed. */
function stall(head: string): Promise<{ closed: boolean; reply: string }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection({ host: '127.0.0.1', port: runtime.port });
    let reply = '';
    // Far beyond the configured timeouts, far below Node's defaults (300 s and 60 s).
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, reply });
    }, 10_000);
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
    });
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ closed: true, reply });
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('Node HTTP server timeouts', () => {
  it('answers a normal request on the configured host', async () => {
    const response = await fetch(`http://127.0.0.1:${runtime.port}/healthz`);
    expect(response.status).toBe(200);
  });

  it('closes a request whose body stops arriving, with 408', async () => {
    const result = await stall(
      [
        'POST /api/v1/outbox/retry HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        'Content-Type: application/json',
        'Content-Length: 1000',
        '',
        '{"ids":',
      ].join('\r\n'),
    );
    expect(result.closed).toBe(true);
    expect(result.reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers never end', async () => {
    const result = await stall('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(result.closed).toBe(true);
    expect(result.reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const result = await stall('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(result.reply).toMatch(/^HTTP\/1\.1 200/);
    expect(result.reply.toLowerCase()).toContain('keep-alive: timeout=');
    expect(result.closed).toBe(true);
  });
});

describe('server settings', () => {
  it('defaults to 30 s, 10 s and 5 s, and every interface', () => {
    const config = loadConfig({});
    expect(config.HOST).toBeUndefined();
    expect([
      config.HTTP_REQUEST_TIMEOUT_MS,
      config.HTTP_HEADERS_TIMEOUT_MS,
      config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    ]).toEqual([30_000, 10_000, 5_000]);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });
});
