export * from './kafka-client';
export * from './messaging.module';
export * from './topic-admin';
