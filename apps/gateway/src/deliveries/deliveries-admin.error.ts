import { PostventaError } from '@postventa/platform';

export enum DeliveriesAdminErrorCode {
  InvalidQuery = 'DELIVERY_INVALID_QUERY',
}

/** Errors of the deliveries admin API: a bad query string is a 400 naming the parameter. */
export class DeliveriesAdminError extends PostventaError<DeliveriesAdminErrorCode> {
  readonly area = 'deliveries';

  get httpStatus(): number {
    return 400;
  }
}
