import { Module } from '@nestjs/common';
import { ActivityRepository, OutboxRepository } from '@postventa/persistence';
import { AppConfig } from '@postventa/platform';
import { AlertActivityWriter } from './alert-activity.writer';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertNotificationRepository } from './alert-notification.repository';
import { AlertRepository } from './alert.repository';
import { AssignmentRepository } from './assignment.repository';
import { CustomerTimelineRepository } from './customer-timeline.repository';
import { TeamsDirectory } from './teams.directory';

/**
 * What every app that changes alerts shares: the teams of TEAMS_FILE (read once; a bad file
 * stops start-up), the alert repositories and the lifecycle service. Imported by the engine's
 * RiskModule, the dispatcher's AlertsModule and the gateway's AlertsApiModule. Needs the
 * platform (config, clock, logger) and the database modules of the app.
 */
@Module({
  providers: [
    {
      provide: TeamsDirectory,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => TeamsDirectory.fromFile(config.get('TEAMS_FILE'), config.get('ALERT_SLA')),
    },
    AlertRepository,
    AlertNotificationRepository,
    AssignmentRepository,
    CustomerTimelineRepository,
    OutboxRepository,
    ActivityRepository,
    AlertActivityWriter,
    AlertLifecycleService,
  ],
  exports: [
    TeamsDirectory,
    AlertRepository,
    AlertNotificationRepository,
    CustomerTimelineRepository,
    AlertLifecycleService,
    AlertActivityWriter,
  ],
})
export class AlertsCoreModule {}
