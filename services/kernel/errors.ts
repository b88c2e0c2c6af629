// One error hierarchy for the whole hub. Every error has a stable string `code`, the HTTP
// status it maps to, and whether retrying the same request later may succeed.
// The problem+json middleware (kernel/http/problem.ts) renders any HubError.

export interface FieldError {
  /** Position of the event in the request batch (0 for a single event). */
  index: number;
  /** The field, e.g. "deaths" or "targetGroups.0". Empty for the whole event. */
  path: string;
  message: string;
}

export abstract class HubError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly retriable: boolean = false;
  /** Extra members of the problem+json body. */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class ValidationError extends HubError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(readonly errors: FieldError[], message = 'The request has invalid events; nothing was accepted.') {
    super(message);
  }
  override extensions() {
    return { errors: this.errors };
  }
}

export class BadRequestError extends HubError {
  readonly code = 'bad_request';
  readonly status = 400;
  constructor(message: string, readonly param?: string) {
    super(message);
  }
  override extensions() {
    return this.param ? { errors: [{ index: 0, path: this.param, message: this.message }] } : {};
  }
}

export class UnauthenticatedError extends HubError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  constructor(message = 'A valid bearer token is required.') {
    super(message);
  }
}

export class ForbiddenError extends HubError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message: string, readonly errors: FieldError[] = []) {
    super(message);
  }
  override extensions() {
    return this.errors.length > 0 ? { errors: this.errors } : {};
  }
}

export class NotFoundError extends HubError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** A revision tries to change the type of an existing record. */
export class RecordTypeConflictError extends HubError {
  readonly code = 'record_type_conflict';
  readonly status = 409;
  constructor(readonly conflicts: FieldError[], message = 'A record cannot change its event type.') {
    super(message);
  }
  override extensions() {
    return { errors: this.conflicts };
  }
}

/** Optimistic concurrency: the stream moved on since it was read. Safe to retry. */
export class WrongExpectedRevisionError extends HubError {
  readonly code = 'wrong_expected_revision';
  readonly status = 409;
  override readonly retriable = true;
  constructor(readonly stream: string, readonly expected: string, readonly actual: string) {
    super(`Stream ${stream} is at ${actual}, expected ${expected}.`);
  }
}

export class PayloadTooLargeError extends HubError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends HubError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

/** The bus or the store cannot take the write now. Always retriable, rendered with Retry-After. */
export class UnavailableError extends HubError {
  readonly code = 'unavailable';
  readonly status = 503;
  override readonly retriable = true;
  constructor(message: string, readonly retryAfterSeconds = 5, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An event on the bus or in the store that cannot be decoded or breaks a rule. */
export class PoisonEventError extends HubError {
  readonly code = 'poison_event';
  readonly status = 422;
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}
