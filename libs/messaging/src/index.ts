export * from './batch-consumer.runner';
export * from './dead-letter';
export * from './event.producer';
export * from './kafka-batch.consumer';
export * from './kafka-client';
export * from './messaging.module';
export * from './topic-admin';
export * from './topic-map';
