import { PostventaError } from '@postventa/platform';

export enum IngestErrorCode {
  Unauthorized = 'INGEST_UNAUTHORIZED',
  SignatureInvalid = 'INGEST_SIGNATURE_INVALID',
  SignatureExpired = 'INGEST_SIGNATURE_EXPIRED',
  NotConfigured = 'INGEST_NOT_CONFIGURED',
  MalformedBody = 'INGEST_MALFORMED_BODY',
  BodyTooDeep = 'INGEST_BODY_TOO_DEEP',
  UnsupportedMediaType = 'INGEST_UNSUPPORTED_MEDIA_TYPE',
  BodyTooLarge = 'INGEST_BODY_TOO_LARGE',
  BatchTooLarge = 'INGEST_BATCH_TOO_LARGE',
  EmptyBatch = 'INGEST_EMPTY_BATCH',
  RateLimited = 'INGEST_RATE_LIMITED',
}

const STATUS: Record<IngestErrorCode, number> = {
  [IngestErrorCode.Unauthorized]: 401,
  [IngestErrorCode.SignatureInvalid]: 401,
  [IngestErrorCode.SignatureExpired]: 401,
  [IngestErrorCode.NotConfigured]: 401,
  [IngestErrorCode.MalformedBody]: 400,
  [IngestErrorCode.BodyTooDeep]: 422,
  [IngestErrorCode.UnsupportedMediaType]: 415,
  [IngestErrorCode.BodyTooLarge]: 413,
  [IngestErrorCode.BatchTooLarge]: 413,
  [IngestErrorCode.EmptyBatch]: 400,
  [IngestErrorCode.RateLimited]: 429,
};

export class IngestError extends PostventaError<IngestErrorCode> {
  readonly area = 'ingest';
  get httpStatus(): number {
    return STATUS[this.code];
  }
}

/** Codes of one event of a request (beside the contract's own codes such as SCHEMA_VIOLATION). */
export enum IngestEventCode {
  /** A type Postventa produces itself (timer.*, journey.*, email.*, ...): never accepted over HTTP. */
  InternalEventType = 'INGEST_INTERNAL_EVENT_TYPE',
  /** `survey.answered` from a key outside INGEST_FEEDBACK_API_KEYS. */
  FeedbackNotAllowed = 'INGEST_FEEDBACK_NOT_ALLOWED',
  /** The broker did not acknowledge the event; nothing is wrong with it: send it again. */
  PublishFailed = 'INGEST_PUBLISH_FAILED',
}
