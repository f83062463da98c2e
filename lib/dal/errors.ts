// Domain errors raised by the data layer; pages, actions and route handlers map them once to a status.

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Not signed in. */
export class UnauthenticatedError extends DomainError {
  constructor(message = "Please sign in.") {
    super(401, message);
  }
}

/** Signed in, but this object is not theirs to see or change. Reads answer NotFound instead, so ids don't leak. */
export class ForbiddenError extends DomainError {
  constructor(message = "You don't have permission to do that.") {
    super(403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = "That page") {
    super(404, `${what} was not found.`);
  }
}

/** The request conflicts with the current state (closed set, no attempts left, duplicate). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}

/** Input that passed the schema but breaks a rule; `field` names it for the form. */
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(422, message);
  }
}

/**
 * A unique constraint refused the write: P2002 from a model query, or the driver adapter's UniqueConstraintViolation
 * inside P2010 from a raw statement (SQLite and PostgreSQL alike).
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  return e?.code === "P2002" || (e?.code === "P2010" && e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation");
}
