import { PostventaError } from '@postventa/platform';

/** What can go wrong with alerts; the edge maps each code to an HTTP status. */
export enum AlertErrorCode {
  NotFound = 'ALERT_NOT_FOUND',
  InvalidTransition = 'ALERT_INVALID_TRANSITION',
  InvalidRequest = 'ALERT_INVALID_REQUEST',
  Unauthorized = 'ADMIN_UNAUTHORIZED',
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  InvalidLink = 'ALERT_INVALID_LINK',
  TeamsInvalid = 'ALERT_TEAMS_INVALID',
}

const STATUS: Record<AlertErrorCode, number> = {
  [AlertErrorCode.NotFound]: 404,
  [AlertErrorCode.InvalidTransition]: 409,
  [AlertErrorCode.InvalidRequest]: 400,
  [AlertErrorCode.Unauthorized]: 401,
  [AlertErrorCode.CustomerNotFound]: 404,
  [AlertErrorCode.InvalidLink]: 403,
  [AlertErrorCode.TeamsInvalid]: 500,
};

export class AlertError extends PostventaError<AlertErrorCode> {
  readonly area = 'alerts';

  get httpStatus(): number {
    return STATUS[this.code];
  }
}
