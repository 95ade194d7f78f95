import { Module } from '@nestjs/common';
import { ActivityRepository, OutboxRepository, RETENTION_TARGETS, RetentionService, RetentionTarget } from '@postventa/persistence';
import { AppConfig } from '@postventa/platform';
import { DataSource } from 'typeorm';
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
      inject: [DataSource, AppConfig, OutboxRepository, ActivityRepository, InboxRepository],
      useFactory: (db: DataSource, config: AppConfig, outbox: OutboxRepository, activity: ActivityRepository, inbox: InboxRepository): RetentionTarget[] => [
        { table: 'outbox', keepDays: config.get('RETENTION_OUTBOX_DAYS'), prune: (before, limit) => outbox.prunePublished(db.manager, before, limit) },
        { table: 'activity', keepDays: config.get('RETENTION_ACTIVITY_DAYS'), prune: (before, limit) => activity.pruneOlderThan(db.manager, before, limit) },
        { table: 'inbox_events', keepDays: config.get('RETENTION_INBOX_DAYS'), prune: (before, limit) => inbox.pruneProcessed(db.manager, before, limit) },
      ],
    },
    RetentionService,
  ],
  exports: [RetentionService],
})
export class EngineRetentionModule {}
