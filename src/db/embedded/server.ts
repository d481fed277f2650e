// Serves the service's embedded PGlite to `creditline` commands over the Postgres wire protocol, on
// 127.0.0.1 and behind a random password, so a command run beside the service writes into the one
// database the service has open instead of into a second copy of its directory.
//
// PGlite is a single session. A client therefore holds the whole database from its first message
// until ReadyForQuery says it is idle again: it takes PGlite's transaction mutex, the same one every
// query and transaction of the service waits on, so a client's statements never run inside one of
// the service's transactions, nor the service's inside a client's.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import {
  cleartextPasswordRequest,
  declaredLength,
  errorResponse,
  firstMessage,
  isTerminate,
  passwordOf,
  ReadyForQueryTracker,
  readStartupFrame,
  simpleQuery,
  startupPacket,
  syncMessage,
} from './wire.ts';

export interface EmbeddedServerOptions {
  secret: string;
  host?: string;
  port?: number;
  /** A client that holds the database and sends nothing for this long is cut off and rolled back. */
  idleHoldMs?: number;
  /** How long a client that connects while the service is still starting waits for it. */
  readyTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

export class EmbeddedServer {
  private readonly sessions = new Set<Session>();
  private database: PGlite | undefined;
  private readonly readyWaiters = new Set<() => void>();
  private closing = false;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    readonly options: Required<Omit<EmbeddedServerOptions, 'host' | 'port'>>,
  ) {
    server.on('connection', (socket) => {
      if (this.closing) return void socket.destroy();
      const session = new Session(socket, this);
      this.sessions.add(session);
      session.ended.then(() => this.sessions.delete(session));
    });
  }

  static listen(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
    const host = options.host ?? '127.0.0.1';
    const settings = {
      secret: options.secret,
      idleHoldMs: options.idleHoldMs ?? 60_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
      onError: options.onError ?? (() => {}),
    };
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        resolve(new EmbeddedServer(server, host, port, settings));
      });
    });
  }

  /** Opens the gate: clients that authenticated, and every later one, reach this database. */
  attach(database: PGlite): void {
    this.database = database;
    for (const wake of this.readyWaiters) wake();
    this.readyWaiters.clear();
  }

  /** The database once attached; undefined if the server closed or the wait timed out first. */
  async whenReady(): Promise<PGlite | undefined> {
    if (this.database || this.closing) return this.database;
    let wake: () => void = () => {};
    const timer = new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, this.options.readyTimeoutMs).unref();
    });
    this.readyWaiters.add(wake);
    await timer;
    this.readyWaiters.delete(wake);
    return this.closing ? undefined : this.database;
  }

  checkSecret(password: string): boolean {
    const digest = (text: string) => createHash('sha256').update(text).digest();
    return timingSafeEqual(digest(password), digest(this.options.secret));
  }

  /** Cuts every client off (rolling back what it left open) and stops listening. */
  async close(): Promise<void> {
    this.closing = true;
    for (const wake of this.readyWaiters) wake();
    const ended = [...this.sessions].map((session) => session.end());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all(ended);
  }
}

const MAX_PASSWORD_MESSAGE = 1_024;

/** One client connection: handshake, then its messages in order, each run against PGlite. */
class Session {
  private input = Buffer.alloc(0);
  private phase: 'startup' | 'password' | 'ready' = 'startup';
  private work: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private gone = false;
  private readonly tracker = new ReadyForQueryTracker();
  readonly ended: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly server: EmbeddedServer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.input = Buffer.concat([this.input, chunk]);
      this.enqueue(() => this.drain());
    });
    // A 'close' always follows an error; the rollback happens there.
    socket.on('error', () => {});
    this.ended = new Promise((resolve) => {
      socket.once('close', () => {
        this.gone = true;
        clearTimeout(this.idleTimer);
        this.enqueue(() => this.letGo());
        this.work.then(() => resolve());
      });
    });
  }

  end(): Promise<void> {
    this.socket.destroy();
    return this.ended;
  }

  private enqueue(step: () => Promise<void>): void {
    this.work = this.work.then(step).catch((error: unknown) => {
      this.server.options.onError(error);
      this.socket.destroy();
    });
  }

  private async drain(): Promise<void> {
    while (!this.gone) {
      if (this.phase === 'startup') {
        if (!this.readStartup()) return;
        continue;
      }
      // Before the password, no one gets to make the server hold a large message for them.
      if (this.phase === 'password' && declaredLength(this.input) > MAX_PASSWORD_MESSAGE)
        return this.refuse('08P01', 'password message too long');
      const message = firstMessage(this.input);
      if (!message) return;
      this.input = this.input.subarray(message.length);
      if (this.phase === 'password') await this.authenticate(message);
      else if (isTerminate(message)) this.finish();
      else await this.execute(message);
    }
  }

  /** Answers SSL and GSS requests with "no" and the startup packet with a password request. */
  private readStartup(): boolean {
    const frame = readStartupFrame(this.input);
    if (!frame) return false;
    if (frame.kind === 'invalid') {
      this.refuse('08P01', 'invalid startup packet');
      return false;
    }
    this.input = this.input.subarray(frame.length);
    if (frame.kind === 'ssl' || frame.kind === 'gssenc') this.socket.write('N');
    else if (frame.kind === 'cancel') this.socket.destroy();
    else {
      this.socket.write(cleartextPasswordRequest());
      this.phase = 'password';
    }
    return true;
  }

  private async authenticate(message: Buffer): Promise<void> {
    const password = passwordOf(message);
    if (password === undefined || !this.server.checkSecret(password)) {
      return this.refuse('28P01', 'password authentication failed for the embedded Creditline database');
    }
    const database = await this.server.whenReady();
    if (!database) return this.refuse('57P03', 'the Creditline service is not accepting connections');
    // PGlite answers its own startup with AuthenticationOk, the server parameters and ReadyForQuery.
    const packet = startupPacket({ user: 'postgres', database: 'postgres' });
    await this.run(database, packet);
    this.phase = 'ready';
  }

  private async execute(message: Buffer): Promise<void> {
    clearTimeout(this.idleTimer);
    const database = await this.server.whenReady();
    if (!database) return this.refuse('57P03', 'the Creditline service is shutting down');
    await this.run(database, message);
    if (this.release) {
      this.idleTimer = setTimeout(() => {
        this.server.options.onError(new Error('an embedded-database client went quiet holding the database'));
        this.socket.destroy();
      }, this.server.options.idleHoldMs);
      this.idleTimer.unref();
    }
  }

  /** Runs one message with the database held; lets go when the session is idle again. */
  private async run(database: PGlite, message: Buffer): Promise<void> {
    await this.hold(database);
    // A client that left while waiting for its turn sends nothing more; letGo rolls back what it began.
    if (this.gone) return;
    this.tracker.status = undefined;
    const output: Buffer[] = [];
    await database.runExclusive(() =>
      database.execProtocolRawStream(message, { onRawData: (data) => output.push(Buffer.from(data)) }),
    );
    for (const chunk of output) this.tracker.feed(chunk);
    if (!this.gone && output.length > 0) this.socket.write(Buffer.concat(output));
    if (this.tracker.status === 'I') this.unhold();
  }

  private async hold(database: PGlite): Promise<void> {
    if (this.release) return;
    this.release = await new Promise<() => void>((resolve, reject) => {
      database._runExclusiveTransaction(() => new Promise<void>((done) => resolve(done))).catch(reject);
    });
  }

  private unhold(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /**
   * The client went away while holding the database: whatever it started is rolled back. A ROLLBACK
   * ends an explicit transaction and aborts an implicit one (statements sent without their Sync);
   * the Sync then closes an extended-protocol exchange, even one that was skipping to it after an error.
   */
  private async letGo(): Promise<void> {
    const database = this.release ? await this.server.whenReady() : undefined;
    if (database) {
      await database.runExclusive(async () => {
        await database.execProtocolRaw(simpleQuery('ROLLBACK'));
        await database.execProtocolRaw(syncMessage());
        if (database.isInTransaction()) await database.execProtocolRaw(simpleQuery('ROLLBACK'));
      });
    }
    this.unhold();
  }

  /** Sends a last error and takes nothing more from this client. */
  private refuse(sqlstate: string, text: string): void {
    this.gone = true;
    this.socket.end(errorResponse(sqlstate, text));
  }

  private finish(): void {
    this.gone = true;
    this.socket.end();
  }
}
