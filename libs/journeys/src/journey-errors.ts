export enum JourneyErrorCode {
  /** A flow definition failed to compile (validate it first). */
  FlowInvalid = 'FLOW_INVALID',
  /** A journey was advanced with a flow version other than the one it started on. */
  FlowMismatch = 'FLOW_MISMATCH',
}

export class JourneyError extends Error {
  constructor(
    readonly code: JourneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JourneyError';
  }
}
