export enum DevServiceErrorCode {
  JavaMissing = 'DEV_JAVA_MISSING',
  MavenMissing = 'DEV_MAVEN_MISSING',
  KafkaJarsUnavailable = 'DEV_KAFKA_JARS_UNAVAILABLE',
  KafkaStartFailed = 'DEV_KAFKA_START_FAILED',
  PostgresStartFailed = 'DEV_POSTGRES_START_FAILED',
  SmtpStartFailed = 'DEV_SMTP_START_FAILED',
  ServiceUnreachable = 'DEV_SERVICE_UNREACHABLE',
}

/**
 * A local service could not be started, or a configured one cannot be reached; the message says
 * what is missing and the way around it. (This library stands alone: the test setup loads it
 * before anything else.)
 */
export class DevServiceError extends Error {
  readonly area = 'dev-services';

  constructor(
    readonly code: DevServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
