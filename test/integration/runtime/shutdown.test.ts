import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../../src/jobs/types.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { startNodeRuntime } from '../../../src/runtime/node.ts';
import { testConfig } from '../../support/app.ts';
import { createTestDatabase } from '../../support/db.ts';

describe('graceful shutdown', () => {
  it('finishes in-flight requests and jobs, refuses new connections, then closes the database', async () => {
    const database = await createTestDatabase();
    let jobFinished = false;
    let markStarted: () => void = () => {};
    const pendingRuns: (() => void)[] = [];
    let released = false;
    const releaseJob = () => {
      released = true;
      for (const release of pendingRuns.splice(0)) release();
    };
    const jobStarted = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const slowJob: JobDefinition = {
      name: 'slow',
      cron: '* * * * * *',
      description: 'test job',
      run: () =>
        new Promise<void>((resolve) => {
          markStarted();
          if (released) return resolve();
          pendingRuns.push(() => {
            jobFinished = true;
            resolve();
          });
        }),
    };
    const runtime = await startNodeRuntime({
      config: testConfig({ PORT: '0', SEED_DEMO: 'false' }),
      logger: silentLogger,
      database: { ...database, close: async () => {} },
      jobs: [slowJob],
      configureApp: (app) => {
        app.get('/slow', async (c) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          return c.text('done');
        });
      },
    });
    await jobStarted;

    const inFlight = fetch(`${runtime.url}/slow`).then(async (response) => ({
      status: response.status,
      body: await response.text(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = runtime.shutdown('test');
    expect(runtime.deps.isShuttingDown?.()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(connect(runtime.port)).rejects.toThrow(/ECONNREFUSED/);

    let done = false;
    void stopped.then(() => {
      done = true;
    });
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toBe(false); // the job still runs
    releaseJob();
    await stopped;
    expect(jobFinished).toBe(true);
    await database.close();
  });

  it('closes the database it opened itself', async () => {
    const config = testConfig({
      PORT: '0',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      DATA_DIR: 'memory://',
    });
    const runtime = await startNodeRuntime({ config, logger: silentLogger, jobs: [] });
    expect((await fetch(`${runtime.url}/readyz`)).status).toBe(200);
    await runtime.shutdown('test');
    await expect(runtime.deps.db.execute('select 1')).rejects.toThrow();
  });
});

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
