// A local stand-in for the Slack Web API for benchmarks: answers every method with a minimal success.

import { createServer, type Server } from 'node:http';

export async function startFakeSlack(): Promise<{
  url: string;
  calls: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, ts: '1764147900.000100', channel: 'D1', view: { id: 'V1' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
