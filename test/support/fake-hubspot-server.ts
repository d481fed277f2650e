// Serves a FakePortal over real HTTP (node:http), for a CLI run as a child process, which msw in this
// process cannot intercept: each request goes through the same handlers (and faults) as the msw tests.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import type { FakePortal } from '../msw/hubspot.ts';

export interface FakeHubspotServer {
  /** The base URL to give the child as HUBSPOT_API_BASE_URL. */
  url: string;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function serveFakePortal(portal: FakePortal): Promise<FakeHubspotServer> {
  let handlers: ReturnType<FakePortal['handlers']> = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const payload = await body(incoming);
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(new URL(incoming.url ?? '/', url), {
        method: incoming.method ?? 'GET',
        headers,
        ...(payload.length > 0 ? { body: new Uint8Array(payload) } : {}),
      });
      const response =
        (await getResponse(handlers, request)) ??
        Response.json(
          { status: 'error', message: `no fake for ${request.method} ${request.url}` },
          { status: 404 },
        );
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      // A response cut short (the child was killed) is expected here; anything else is a test bug.
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handlers = portal.handlers(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
