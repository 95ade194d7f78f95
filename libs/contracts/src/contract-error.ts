/**
 * Errors of the wire contract. Every rejection carries a code the edges map to an outcome:
 * the gateway answers 4xx (413 for TOO_LARGE, 415 for UNSUPPORTED_CONTENT_TYPE, 400 for NOT_JSON,
 * 422 otherwise); Kafka consumers dead-letter the message with the code, message and path in its
 * headers.
 */
export enum ContractErrorCode {
  /** The payload is not parseable JSON. */
  NotJson = 'NOT_JSON',
  /** The payload is JSON but not a CloudEvent: not an object, or a required CloudEvents
   * attribute (`specversion`, `id`, `source`, `type`) is missing, or the spec version is not 1.0. */
  NotCloudEvent = 'NOT_CLOUDEVENT',
  /** A CloudEvent whose attributes or data break the schema of its type. */
  SchemaViolation = 'SCHEMA_VIOLATION',
  /** `subject` (the customer id) is absent or empty. */
  MissingSubject = 'MISSING_SUBJECT',
  /** The message is larger than the configured limit. */
  TooLarge = 'TOO_LARGE',
  /** The content type is not JSON (or the event carries `data_base64`). */
  UnsupportedContentType = 'UNSUPPORTED_CONTENT_TYPE',
  /** Objects and arrays nested deeper than `MAX_JSON_DEPTH` (32) levels. */
  TooDeep = 'TOO_DEEP',
  /** A string or an object key holds U+0000 or an unpaired UTF-16 surrogate: PostgreSQL cannot store it. */
  InvalidText = 'INVALID_TEXT',
  /** A number that is not finite, or an integer beyond ±(2^53 − 1) that JSON parsers cannot hold exactly. */
  UnsafeNumber = 'UNSAFE_NUMBER',
}

/** One problem found in a payload; `path` uses dots and brackets, e.g. `data.items[0].quantity`. */
export interface ContractIssue {
  path: string;
  message: string;
}

/** Why a payload was rejected. `message` is plain English and never echoes field values. */
export interface ContractViolation {
  code: ContractErrorCode;
  message: string;
  /** Where the first problem is; empty for the payload as a whole. */
  path: string;
  /** Every problem found (the first one is the one in `message` and `path`), at most 20. */
  issues: ContractIssue[];
}

export type ContractFailure = { ok: false; error: ContractViolation };

export function violation(
  code: ContractErrorCode,
  message: string,
  path = '',
  issues: ContractIssue[] = [{ path, message }],
): ContractViolation {
  return { code, message, path, issues };
}

export function failure(
  code: ContractErrorCode,
  message: string,
  path = '',
  issues?: ContractIssue[],
): ContractFailure {
  return { ok: false, error: violation(code, message, path, issues) };
}

/** Thrown where a contract breach is a programming error (building an event or a command). */
export class ContractError extends Error {
  readonly area = 'contracts';

  constructor(
    readonly code: ContractErrorCode,
    message: string,
    readonly path = '',
    readonly issues: ContractIssue[] = [{ path, message }],
  ) {
    super(message);
    this.name = new.target.name;
  }

  static fromViolation(v: ContractViolation): ContractError {
    return new ContractError(v.code, v.message, v.path, v.issues);
  }

  toViolation(): ContractViolation {
    return violation(this.code, this.message, this.path, this.issues);
  }
}
