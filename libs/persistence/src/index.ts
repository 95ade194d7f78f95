export * from './data-source';
export * from './database.module';
export * from './migrations';
export { ActivityRepository, type ActivityRow } from './activity/activity.repository';
export { CLOUDEVENT_HEADERS, type OutboxMessage, type OutboxRow } from './outbox/outbox-message';
export { type OutboxBacklog, OUTBOX_CHANNEL, OutboxRepository } from './outbox/outbox.repository';
export { RETENTION_TARGETS, type RetentionTarget, RetentionService } from './retention/retention.service';
