import { PostventaError } from '@postventa/platform';

export enum AdminSessionErrorCode {
  /** No session, or one that is expired, signed by a key no longer configured, or signed out. */
  SessionInvalid = 'SESSION_INVALID',
  /** A state-changing request with the session cookie but without its `X-CSRF-Token`. */
  CsrfInvalid = 'SESSION_CSRF_INVALID',
}

/** Refusals of a dashboard session: 401 (sign in again) or 403 (missing or wrong CSRF token). */
export class AdminSessionError extends PostventaError<AdminSessionErrorCode> {
  readonly area = 'auth';

  get httpStatus(): number {
    return this.code === AdminSessionErrorCode.CsrfInvalid ? 403 : 401;
  }
}
