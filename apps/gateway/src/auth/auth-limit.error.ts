import { PostventaError } from '@postventa/platform';

export enum AuthLimitErrorCode {
  TooManyFailures = 'AUTH_TOO_MANY_FAILURES',
}

/** Refusal of a client address that failed authentication too often (429 with Retry-After). */
export class AuthLimitError extends PostventaError<AuthLimitErrorCode> {
  readonly area = 'auth';
  readonly httpStatus = 429;
}
