import { PostventaError } from '@postventa/platform';

export enum AdminSessionErrorCode {
  /** No session, or one that is expired, signed by a key no longer configured, or signed out. */
  SessionInvalid = 'SESSION_INVALID',
  /** A state-changing request with the session cookie but without its `X-CSRF-Token`. */
  CsrfInvalid = 'SESSION_CSRF_INVALID',
  InvalidRequest = 'SESSION_INVALID_REQUEST',
}

/** Refusals of a dashboard session: 401 (sign in again), 403 (missing or wrong CSRF token), 400. */
export class AdminSessionError extends PostventaError<AdminSessionErrorCode> {
  readonly area = 'auth';

  get httpStatus(): number {
    switch (this.code) {
      case AdminSessionErrorCode.CsrfInvalid:
        return 403;
      case AdminSessionErrorCode.InvalidRequest:
        return 400;
      default:
        return 401;
    }
  }
}
