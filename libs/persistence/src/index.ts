export * from './data-source';
export * from './database.module';
export * from './migrations';
export { ActivityRepository, type ActivityRow } from './activity/activity.repository';
export { type OutboxMessage, type OutboxRow } from './outbox/outbox-message';
export { OutboxNotifier } from './outbox/outbox-notifier';
export { type OutboxBacklog, OUTBOX_CHANNEL, OutboxRepository } from './outbox/outbox.repository';
export { TransactionRunner, type Tx } from './transaction/transaction-runner';
export { RETENTION_TARGETS, type RetentionTarget, RetentionService } from './retention/retention.service';
