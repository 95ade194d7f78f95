/**
 * The app's one Kafka admin client (kafkajs `Admin`), connected by MessagingModule at start-up and
 * shared by topic creation, the `kafka` health check and the consumers' lag readings.
 */
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
