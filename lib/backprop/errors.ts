// Typed errors of the engine: each names the field or argument that is wrong.

/** The instance does not follow the contract; `field` is a path such as "theta.3". */
export class InstanceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    // "theta.3 row 2 has 3 columns, expected 4" reads as one phrase; other messages follow "field: "
    super(/^row \d/.test(message) ? `${field} ${message}` : `${field}: ${message}`);
    this.name = "InstanceError";
  }
}

/** A target, spec or option that does not fit the instance. */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "SpecError";
  }
}
