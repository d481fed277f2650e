// The real service as a child process (`npm start`, or the entry run by node), on a data directory and
// port of the test's choosing, with HubSpot and Slack off: for tests of what happens between processes.

import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVICE_TOKEN = 'service-process-admin-token-0123';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  exited: Promise<number | null>;
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** A port nothing listens on now: the OS hands one out and it is given back. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/** The environment of a service the test controls: nothing from the outer one but the tools. */
export function serviceEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    // The Node running the tests first, so `npm start` runs the service on it too.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    TZ: 'UTC',
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_TOKEN: SERVICE_TOKEN,
    SEED_DEMO: 'false',
    // No job of the service's own changes data while a test watches what commands change.
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
}

/** Starts the service and waits until it answers /readyz, or fails with what it printed. */
export async function startService(
  dataDir: string,
  options: { via: 'npm' | 'node'; port?: number },
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child =
    options.via === 'npm'
      ? spawn('npm', ['start', '--silent'], {
          cwd: REPO_ROOT,
          env: serviceEnv(dataDir, port),
          stdio: ['ignore', 'ignore', 'pipe'],
        })
      : spawnEntry(serviceEnv(dataDir, port));
  const service = wrap(child, port);
  const ready = await waitUntil(
    async () => (await service.api('/readyz').catch(() => undefined))?.status === 200,
    service,
  );
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the service did not become ready:\n${service.stderr()}`);
  }
  return service;
}

/** The entry run directly by node, as `npm start` runs it; for starts that are expected to fail too. */
export function spawnEntry(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export function wrap(child: ChildProcess, port: number): ServiceProcess {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    port,
    stderr: () => stderr,
    exited,
    api: (path, init) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${SERVICE_TOKEN}`, ...(init?.headers ?? {}) },
      }),
  };
}

/** Polls until `check` holds (true) or the process exits or a minute passes (false). */
async function waitUntil(check: () => Promise<boolean>, service: ServiceProcess): Promise<boolean> {
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  for (let waited = 0; waited < 60_000 && !exited; waited += 200) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Whether something accepts connections on the port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
