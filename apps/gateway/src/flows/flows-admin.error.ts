import { PostventaError } from '@postventa/platform';

export enum FlowsAdminErrorCode {
  InvalidRequest = 'FLOW_INVALID_REQUEST',
  NotFound = 'FLOW_NOT_FOUND',
  /** The flow (YAML / JSON) breaks the flow language's rules: every problem is in `errors`. */
  InvalidFlow = 'FLOW_INVALID',
}

const STATUS: Record<FlowsAdminErrorCode, number> = {
  [FlowsAdminErrorCode.InvalidRequest]: 400,
  [FlowsAdminErrorCode.NotFound]: 404,
  [FlowsAdminErrorCode.InvalidFlow]: 422,
};

/** Errors of the flows admin API. */
export class FlowsAdminError extends PostventaError<FlowsAdminErrorCode> {
  readonly area = 'flows';

  get httpStatus(): number {
    return STATUS[this.code];
  }
}
