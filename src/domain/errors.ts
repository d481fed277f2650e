// Typed errors with stable codes. Domain and services throw these; the HTTP edge maps them to
// problem+json and Slack listeners to ephemeral messages. Nothing here knows about either.

export type ErrorDetails = Record<string, unknown>;

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(message: string, details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message, { issues });
  }
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

/** A reader may not see this customer's credit file. Carries who can, so every edge can say so. */
export class CreditFileRefusedError extends ForbiddenError {
  constructor(
    readonly companyName: string,
    /** The account's owner, if it has one: their name and, when mapped, their Slack user id. */
    readonly owner: { name: string; slackUserId: string | null } | null,
    details?: ErrorDetails,
  ) {
    super(CreditFileRefusedError.sentence(companyName, owner?.name ?? null), details);
  }

  /** `ownerLabel` names the owner: a plain name here, a mention where the edge can draw one. */
  static sentence(companyName: string, ownerLabel: string | null): string {
    const file = `${companyName}${companyName.endsWith('s') ? '’' : '’s'} credit file`;
    return ownerLabel
      ? `Only the account’s owner (${ownerLabel}), the credit team and approvers can see ${file}.`
      : `Only the credit team and approvers can see ${file}: the account has no owner.`;
  }
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}

export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
}

export class PreconditionFailedError extends AppError {
  readonly code = 'precondition_failed';
  readonly status = 412;
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class CurrencyMismatchError extends AppError {
  readonly code = 'currency_mismatch';
  readonly status = 422;
}

export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
}

/** An outside system (HubSpot, Slack) failed in a way the caller cannot fix. */
export class UpstreamError extends AppError {
  readonly code = 'upstream_failed';
  readonly status = 502;
}

export class UnavailableError extends AppError {
  readonly code = 'unavailable';
  readonly status = 503;
}
