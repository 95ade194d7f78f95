import { PostventaError } from '@postventa/platform';

export enum DashboardErrorCode {
  NotFound = 'DASHBOARD_NOT_FOUND',
  InboxDisabled = 'DASHBOARD_INBOX_DISABLED',
  InboxUnavailable = 'DASHBOARD_INBOX_UNAVAILABLE',
}

/** Refusals of the dashboard's own routes: an unknown file or message (404), no local inbox (404), capture down (502). */
export class DashboardError extends PostventaError<DashboardErrorCode> {
  readonly area = 'dashboard';

  get httpStatus(): number {
    return this.code === DashboardErrorCode.InboxUnavailable ? 502 : 404;
  }
}
