// Turns a failure to reach or use the PostgreSQL server named by DATABASE_URL into one message a
// newcomer can act on (what is wrong, and the command that fixes it) instead of a driver stack trace.
// `npm start`, the CLI and anything that checks the setup share it.

import { UnavailableError } from '../domain/errors.ts';

export type ConnectionProblem =
  | 'database_missing'
  | 'connection_refused'
  | 'host_unknown'
  | 'timed_out'
  | 'role_rejected'
  | 'password_rejected'
  | 'not_permitted'
  | 'server_unavailable';

export class DatabaseConnectionError extends UnavailableError {
  constructor(
    readonly problem: ConnectionProblem,
    message: string,
  ) {
    super(message, { problem });
  }
}

interface Target {
  host: string;
  port: string;
  database: string | undefined;
  user: string | undefined;
}

/** The part of a postgres:// URL a message may show: never the password. */
function targetOf(url: string): Target {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
    user: decodeURIComponent(parsed.username) || undefined,
  };
}

/** A name the server quoted in its message ("database "x" does not exist"), else the URL's. */
const quoted = (message: string, noun: string, fallback: string | undefined) =>
  new RegExp(`${noun} "([^"]+)"`).exec(message)?.[1] ?? fallback ?? '(default)';

/** The codes along an error's cause chain (drizzle wraps the driver's error; a host may have several addresses). */
function codesOf(error: unknown, seen = new Set<unknown>()): { code: string; message: string }[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const found: { code: string; message: string }[] = [];
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') found.push({ code, message: typeof message === 'string' ? message : '' });
  found.push(...codesOf(cause, seen));
  if (Array.isArray(errors)) for (const each of errors) found.push(...codesOf(each, seen));
  return found;
}

/** A clear error for a connection or permission failure, or undefined when the error is something else. */
export function classifyConnectionError(error: unknown, url: string): DatabaseConnectionError | undefined {
  const t = targetOf(url);
  const at = `${t.host}:${t.port}`;
  // Server tools take the same host, port and user as the URL.
  const flags = `-h ${t.host} -p ${t.port}${t.user ? ` -U ${t.user}` : ''}`;
  for (const { code, message } of codesOf(error)) {
    switch (code) {
      case '3D000': {
        const database = quoted(message, 'database', t.database);
        return new DatabaseConnectionError(
          'database_missing',
          `The database "${database}" does not exist on the PostgreSQL server at ${at}. Create it with\n` +
            `  createdb ${flags} ${database}\n` +
            'or fix the database name at the end of DATABASE_URL.',
        );
      }
      case 'ECONNREFUSED':
        return new DatabaseConnectionError(
          'connection_refused',
          `Nothing accepts connections at ${at} (connection refused). Is PostgreSQL running there ` +
            `(\`pg_isready -h ${t.host} -p ${t.port}\`)? Check the host and port in DATABASE_URL, or unset ` +
            'DATABASE_URL to use the embedded database.',
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new DatabaseConnectionError(
          'host_unknown',
          `The host "${t.host}" in DATABASE_URL cannot be found. Check its spelling, or use 127.0.0.1 for a server on this machine.`,
        );
      case 'CONNECT_TIMEOUT':
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new DatabaseConnectionError(
          'timed_out',
          `No answer from ${at}. Is the server up and reachable from here (a firewall, a VPN)? Check the host and port in DATABASE_URL.`,
        );
      case '28000': {
        const role = quoted(message, 'role', t.user);
        return new DatabaseConnectionError(
          'role_rejected',
          `The PostgreSQL server at ${at} does not let the role "${role}" in (${message}). Create the role with\n` +
            `  createuser -h ${t.host} -p ${t.port} -U postgres --login --pwprompt ${role}\n` +
            'or fix the user name in DATABASE_URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE).',
        );
      }
      case '28P01': {
        const role = quoted(message, 'user', t.user);
        return new DatabaseConnectionError(
          'password_rejected',
          `The PostgreSQL server at ${at} refused the password for the role "${role}". Fix the password in ` +
            `DATABASE_URL, or set it on the server: alter role ${role} password '...';`,
        );
      }
      case '42501': {
        const role = t.user ?? 'your role';
        const database = t.database ?? 'the database';
        return new DatabaseConnectionError(
          'not_permitted',
          `The role "${role}" may not create what Creditline needs in the database "${database}" (${message}). ` +
            `Make it the owner: alter database ${database} owner to ${role};`,
        );
      }
      case '57P03':
      case '53300':
        return new DatabaseConnectionError(
          'server_unavailable',
          `The PostgreSQL server at ${at} is not taking connections now (${message}). Try again in a moment.`,
        );
    }
  }
  return undefined;
}
