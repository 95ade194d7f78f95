import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export function testKafka(clientId = 'postventa-test'): Kafka {
  const brokers = process.env.KAFKA_BROKERS?.split(',');
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: e2e tests run through jest global setup');
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100 } });
}

/** A topic name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}.${randomUUID().slice(0, 8)}`;
}
