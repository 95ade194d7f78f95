export enum DeliveriesAdminErrorCode {
  /** A bad query string: 400 naming the parameter (see `@InvalidRequestCode` on the controller). */
  InvalidQuery = 'DELIVERY_INVALID_QUERY',
}
