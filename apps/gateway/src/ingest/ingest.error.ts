import { PostventaError } from '@postventa/platform';

export enum IngestErrorCode {
  Unauthorized = 'INGEST_UNAUTHORIZED',
  SignatureInvalid = 'INGEST_SIGNATURE_INVALID',
  SignatureExpired = 'INGEST_SIGNATURE_EXPIRED',
  NotConfigured = 'INGEST_NOT_CONFIGURED',
  MalformedBody = 'INGEST_MALFORMED_BODY',
  UnsupportedMediaType = 'INGEST_UNSUPPORTED_MEDIA_TYPE',
  BodyTooLarge = 'INGEST_BODY_TOO_LARGE',
  BatchTooLarge = 'INGEST_BATCH_TOO_LARGE',
  EmptyBatch = 'INGEST_EMPTY_BATCH',
}

const STATUS: Record<IngestErrorCode, number> = {
  [IngestErrorCode.Unauthorized]: 401,
  [IngestErrorCode.SignatureInvalid]: 401,
  [IngestErrorCode.SignatureExpired]: 401,
  [IngestErrorCode.NotConfigured]: 401,
  [IngestErrorCode.MalformedBody]: 400,
  [IngestErrorCode.UnsupportedMediaType]: 415,
  [IngestErrorCode.BodyTooLarge]: 413,
  [IngestErrorCode.BatchTooLarge]: 413,
  [IngestErrorCode.EmptyBatch]: 400,
};

export class IngestError extends PostventaError<IngestErrorCode> {
  readonly area = 'ingest';
  get httpStatus(): number {
    return STATUS[this.code];
  }
}
