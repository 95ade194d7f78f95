import { Module } from '@nestjs/common';
import {
  ActivityRepository,
  OutboxRepository,
  RETENTION_TARGETS,
  RetentionService,
  RetentionTarget,
  TransactionRunner,
} from '@postventa/persistence';
import { AppConfig } from '@postventa/platform';
import { InboxRepository } from '../ingestion/inbox.repository';

/**
 * The engine prunes the tables it writes: published outbox rows, activity and processed inbox
 * rows, each by its own age (RETENTION_*_DAYS). The dispatcher prunes its deliveries.
 */
@Module({
  providers: [
    OutboxRepository,
    ActivityRepository,
    InboxRepository,
    {
      provide: RETENTION_TARGETS,
      inject: [TransactionRunner, AppConfig, OutboxRepository, ActivityRepository, InboxRepository],
      useFactory: (
        { db }: TransactionRunner,
        config: AppConfig,
        outbox: OutboxRepository,
        activity: ActivityRepository,
        inbox: InboxRepository,
      ): RetentionTarget[] => [
        {
          table: 'outbox',
          keepDays: config.get('RETENTION_OUTBOX_DAYS'),
          prune: (before, limit) => outbox.prunePublished(db, before, limit),
        },
        {
          table: 'activity',
          keepDays: config.get('RETENTION_ACTIVITY_DAYS'),
          prune: (before, limit) => activity.pruneOlderThan(db, before, limit),
        },
        {
          table: 'inbox_events',
          keepDays: config.get('RETENTION_INBOX_DAYS'),
          prune: (before, limit) => inbox.pruneProcessed(db, before, limit),
        },
      ],
    },
    RetentionService,
  ],
  exports: [RetentionService],
})
export class EngineRetentionModule {}
