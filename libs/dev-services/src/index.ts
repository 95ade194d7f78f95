export * from './dev-service.error';
export * from './free-port';
export * from './kafka-broker';
export * from './local-services';
export * from './postgres-server';
export * from './process-control';
export * from './smtp-capture.server';
export * from './services-file';
