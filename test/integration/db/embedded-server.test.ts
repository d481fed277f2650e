// The embedded database served to commands: clients over the wire and the service's own queries share
// one PGlite session, and neither ever runs inside the other's transaction.

import { createConnection, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedServer } from '../../../src/db/embedded/server.ts';
import { startupPacket } from '../../../src/db/embedded/wire.ts';

const PASSWORD = 'a-test-password-for-the-socket';
let pg: PGlite;
let server: EmbeddedServer;
const events: string[] = [];

beforeAll(async () => {
  pg = await PGlite.create();
  await pg.exec('create table notes (v text); create table counter (n int); insert into counter values (0);');
  server = await EmbeddedServer.listen({
    secret: PASSWORD,
    idleHoldMs: 600,
    onError: () => events.push('client cut off'),
  });
  server.attach(pg);
});
afterAll(async () => {
  await server.close();
  await pg.close();
});
beforeEach(async () => {
  await pg.exec('truncate notes; update counter set n = 0;');
  events.length = 0;
});

const client = (password = PASSWORD) =>
  postgres({
    host: server.host,
    port: server.port,
    user: 'postgres',
    password,
    database: 'postgres',
    max: 1,
    prepare: false,
    onnotice: () => {},
  });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const notes = async () =>
  (await pg.query<{ v: string }>('select v from notes order by v')).rows.map((r) => r.v);

describe('the embedded database served to commands', () => {
  it("never runs a client's statement inside the service's transaction", async () => {
    const sql = client();
    await sql`select 1`;
    const service = pg.transaction(async (tx) => {
      await tx.query("insert into notes values ('service')");
      await pause(200);
      await tx.rollback();
    });
    await pause(50);
    // Sent while the service's transaction is open: it waits for it, and survives its rollback.
    await sql`insert into notes values ('client')`;
    await service;
    expect(await notes()).toEqual(['client']);
    await sql.end();
  });

  it("makes the service wait while a client's transaction is open, and shows it nothing that rolls back", async () => {
    const sql = client();
    let seen: number | undefined;
    await sql
      .begin(async (tx) => {
        await tx`insert into notes values ('client')`;
        void pg.query<{ n: number }>('select count(*)::int as n from notes').then((result) => {
          seen = result.rows[0]?.n;
        });
        await pause(150);
        expect(seen).toBeUndefined();
        throw new Error('roll back');
      })
      .catch(() => {});
    await expect.poll(() => seen).toBe(0);
    await sql.end();
  });

  it('keeps every transaction whole with several clients and the service at once', async () => {
    const clients = [client(), client(), client(), client()];
    const increment = (sql: postgres.Sql) =>
      sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(7)`;
        const [row] = await tx<{ n: number }[]>`select n from counter`;
        await tx`update counter set n = ${(row?.n ?? 0) + 1}`;
      });
    const serviceIncrement = () =>
      pg.transaction(async (tx) => {
        const result = await tx.query<{ n: number }>('select n from counter');
        await tx.query('update counter set n = $1', [(result.rows[0]?.n ?? 0) + 1]);
      });
    await Promise.all([
      ...clients.map(async (sql) => {
        for (let i = 0; i < 10; i++) await increment(sql);
      }),
      (async () => {
        for (let i = 0; i < 10; i++) await serviceIncrement();
      })(),
    ]);
    expect((await pg.query<{ n: number }>('select n from counter')).rows[0]?.n).toBe(50);
    await Promise.all(clients.map((sql) => sql.end()));
  });

  it('rolls back what a client left open when it goes away, and frees the database', async () => {
    const sql = client();
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`insert into notes values ('abandoned')`;
    await sql.end({ timeout: 0 });
    expect(await notes()).toEqual([]);
    expect(pg.isInTransaction()).toBe(false);
  });

  it('does not commit statements whose Sync never came', async () => {
    const socket = await handshake();
    socket.write(
      Buffer.concat([
        message('P', cstrings('', "insert into notes values ('unsynced')"), int16(0)),
        message('B', cstrings('', ''), int16(0), int16(0), int16(0)),
        message('E', cstrings(''), int32(0)),
      ]),
    );
    await pause(100);
    socket.destroy();
    await pause(100);
    expect(await notes()).toEqual([]);
    await pg.query("insert into notes values ('after')");
    expect(await notes()).toEqual(['after']);
  });

  it('cuts off a client that holds the database and goes quiet', async () => {
    const sql = client();
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`insert into notes values ('quiet')`;
    // The service's own query waits for the client, then runs once the server has cut it off.
    const count = pg.query<{ n: number }>('select count(*)::int as n from notes').then((result) => {
      events.push('service query answered');
      return result.rows[0]?.n;
    });
    expect(await count).toBe(0);
    expect(events).toEqual(['client cut off', 'service query answered']);
    expect(pg.isInTransaction()).toBe(false);
    await sql.end({ timeout: 0 });
  });

  it('refuses a wrong password', async () => {
    const sql = client('not-the-password');
    await expect(sql`select 1`).rejects.toMatchObject({ code: '28P01' });
    await sql.end();
  });
});

/** A raw connection past the password, for sending messages postgres.js would never send. */
async function handshake(): Promise<Socket> {
  const socket = createConnection({ host: server.host, port: server.port });
  await new Promise((resolve) => socket.once('connect', resolve));
  const ready = new Promise<void>((resolve) => {
    let seen = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.at(0) === 0x52 && seen.length === 9 && seen.readInt32BE(5) === 3)
        socket.write(message('p', cstrings(PASSWORD)));
      if (seen.subarray(-6, -1).equals(Buffer.from([0x5a, 0, 0, 0, 5]))) resolve();
    });
  });
  socket.write(startupPacket({ user: 'postgres', database: 'postgres' }));
  await ready;
  return socket;
}

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstrings = (...texts: string[]) => Buffer.concat(texts.map((text) => Buffer.from(`${text}\0`)));
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
