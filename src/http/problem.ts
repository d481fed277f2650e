// Maps errors to RFC 9457 problem+json. The only place an error becomes an HTTP response.

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../domain/errors.ts';
import { databaseInputProblem } from './database-input-error.ts';
import type { HonoEnv } from './env.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  [extension: string]: unknown;
}

export function problemResponse(c: Context<HonoEnv>, problem: ProblemInput) {
  const body: Problem = {
    ...problem,
    type: `urn:creditline:problem:${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId') ?? '',
  };
  return c.body(JSON.stringify(body), problem.status as 400, { 'content-type': 'application/problem+json' });
}

export function handleError(error: Error, c: Context<HonoEnv>) {
  const logger = c.get('logger');
  if (error instanceof AppError) {
    logger?.info({ code: error.code, status: error.status, err: error.message }, 'request rejected');
    return problemResponse(c, {
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.details ?? {}),
    });
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
    return problemResponse(c, { status, code, detail: error.message || (TITLES[status] ?? 'Error') });
  }
  const refused = databaseInputProblem(error);
  if (refused) {
    // Validation should have caught this value; warn so the missing check is found and added.
    logger?.warn({ err: error, sqlState: refused.sqlState }, 'input refused by the database');
    return problemResponse(c, {
      status: 400,
      code: 'invalid_input',
      detail: `Invalid input: ${refused.detail}`,
    });
  }
  logger?.error({ err: error }, 'unhandled error');
  return problemResponse(c, {
    status: 500,
    code: 'internal',
    detail: 'Something went wrong; the request id identifies it in the logs',
  });
}
