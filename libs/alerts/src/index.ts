export { alertActivityEvent, alertActivityId } from './alert-activity';
export { AlertActivityWriter } from './alert-activity.writer';
export {
  AlertLifecycleService,
  type RaiseAlertInput,
  type RaiseOutcome,
  TIMELINE_KINDS_IN_ALERTS,
} from './alert-lifecycle.service';
export { acknowledgeToken, acknowledgeUrl, verifyAcknowledgeToken } from './alert-links';
export { AlertNotificationRepository, type QueuedNotification } from './alert-notification.repository';
export { canonicalReason, templateReasonKey } from './alert-reasons';
export {
  type AlertAction,
  type AlertPatch,
  type AlertTransition,
  appendTimeline,
  bumpSeverity,
  maxSeverity,
  mergeReasons,
  SYSTEM_ACTOR,
  transition,
} from './alert-state-machine';
export { AlertError, AlertErrorCode } from './alert.error';
export { type AlertFilter, AlertRepository } from './alert.repository';
export {
  ALERT_EVENT_TYPES,
  ALERT_STATES,
  type AlertEventRecord,
  type AlertEventType,
  type AlertNotificationRecord,
  type AlertReasonItem,
  type AlertRecord,
  type AlertResolution,
  type AlertSource,
  type AlertState,
  type AlertTimelineEntry,
  type NotificationChannel,
  type NotificationPurpose,
  type NotificationStatus,
} from './alert.types';
export { AlertsCoreModule } from './alerts-core.module';
export { AssignmentRepository } from './assignment.repository';
export { type CustomerRisk, CustomerRiskRepository } from './customer-risk.repository';
export { CustomerTimelineRepository, type TimelineItem } from './customer-timeline.repository';
export { summarizeEvent } from './event-summary';
export {
  findPerson,
  parseTeamsConfig,
  roundRobinMember,
  type RouteRequest,
  routeAlert,
  type TeamConfig,
  type TeamMember,
  type TeamsConfig,
  type TeamsParseResult,
  type TeamsProblem,
} from './teams-config';
export { TeamsDirectory } from './teams.directory';
