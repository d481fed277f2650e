// The few pieces of the Postgres wire protocol (v3) the embedded server speaks itself: framing,
// the startup handshake with a password, error responses, and reading ReadyForQuery's status.
// Everything else passes through to PGlite untouched.

const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

export type StartupFrame =
  | { kind: 'ssl' | 'gssenc'; length: number }
  | { kind: 'cancel'; length: number }
  | { kind: 'startup'; length: number }
  | { kind: 'invalid' };

/** The first frame a client sends (no type byte), or undefined until all of it has arrived. */
export function readStartupFrame(buffer: Buffer): StartupFrame | undefined {
  if (buffer.length < 8) return undefined;
  const length = buffer.readInt32BE(0);
  const code = buffer.readInt32BE(4);
  if (length < 8 || length > 10_000) return { kind: 'invalid' };
  if (buffer.length < length) return undefined;
  if (code === SSL_REQUEST) return { kind: 'ssl', length };
  if (code === GSSENC_REQUEST) return { kind: 'gssenc', length };
  if (code === CANCEL_REQUEST) return { kind: 'cancel', length };
  if (code === PROTOCOL_3) return { kind: 'startup', length };
  return { kind: 'invalid' };
}

/** The length the next typed message says it has (type byte included), once its header is in. */
export function declaredLength(buffer: Buffer): number {
  return buffer.length < 5 ? 0 : 1 + buffer.readInt32BE(1);
}

/** The first complete typed message in `buffer`, if it has fully arrived. */
export function firstMessage(buffer: Buffer): Buffer | undefined {
  const length = declaredLength(buffer);
  return length > 0 && buffer.length >= length ? buffer.subarray(0, length) : undefined;
}

/** Complete typed messages at the front of `buffer`, and what is left over. */
export function splitMessages(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = buffer.readInt32BE(offset + 1);
    if (buffer.length - offset < 1 + length) break;
    messages.push(buffer.subarray(offset, offset + 1 + length));
    offset += 1 + length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/** The password a PasswordMessage ('p') carries. */
export function passwordOf(message: Buffer): string | undefined {
  if (message[0] !== 0x70) return undefined;
  const body = message.subarray(5);
  const end = body.indexOf(0);
  return body.subarray(0, end === -1 ? body.length : end).toString('utf8');
}

export const isTerminate = (message: Buffer) => message[0] === 0x58;

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');

export function cleartextPasswordRequest(): Buffer {
  const body = Buffer.alloc(4);
  body.writeInt32BE(3, 0);
  return message('R', body);
}

export function errorResponse(sqlstate: string, text: string, severity = 'FATAL'): Buffer {
  return message(
    'E',
    Buffer.concat([
      Buffer.from('S'),
      cstring(severity),
      Buffer.from('V'),
      cstring(severity),
      Buffer.from('C'),
      cstring(sqlstate),
      Buffer.from('M'),
      cstring(text),
      Buffer.from([0]),
    ]),
  );
}

/** A startup packet of our own making: clients' own parameters never reach the shared session. */
export function startupPacket(params: Record<string, string>): Buffer {
  const pairs = Object.entries(params).flatMap(([key, value]) => [cstring(key), cstring(value)]);
  const body = Buffer.concat([...pairs, Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([head, body]);
}

export const simpleQuery = (text: string) => message('Q', cstring(text));
export const syncMessage = () => message('S', Buffer.alloc(0));

/**
 * Follows the server's output across chunks and remembers the last ReadyForQuery status:
 * 'I' idle, 'T' in a transaction block, 'E' in a failed one.
 */
export class ReadyForQueryTracker {
  private pending = Buffer.alloc(0);
  status: 'I' | 'T' | 'E' | undefined;

  feed(chunk: Uint8Array): void {
    const { messages, rest } = splitMessages(Buffer.concat([this.pending, chunk]));
    for (const each of messages) {
      if (each[0] !== 0x5a || each.length !== 6) continue;
      const status = String.fromCharCode(each[5] ?? 0);
      if (status === 'I' || status === 'T' || status === 'E') this.status = status;
    }
    this.pending = Buffer.from(rest);
  }
}
